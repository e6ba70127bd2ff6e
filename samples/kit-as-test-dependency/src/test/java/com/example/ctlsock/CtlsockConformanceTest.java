package com.example.ctlsock;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.ctlsock.conformance.ConformanceKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The server of this project against the ctlsock spec: one test per clause, failing where the server fails a
 * MUST, skipped for a SHOULD not met, an expected failure or a clause that does not apply. The kit starts the
 * server from the command template ({@code {socket}}: a fresh socket path; {@code {options}}: the option words of
 * the capabilities under test) and writes its reports to {@code target/ctlsock-report/}.
 */
class CtlsockConformanceTest {

    @TestFactory
    Stream<DynamicTest> conformsToTheCtlsockSpec() {
        String server = Path.of(System.getProperty("ctlsock.server.jar")).toAbsolutePath().toString();
        return ConformanceKit.target("java -jar \"" + server + "\" {options} {socket}")
                .name("reference-server")
                .capabilities("mode", "group", "peercred", "socket-activation", "query-args")
                // A sample keeps the build quick: two sections. Leave clauses(…) out to run the whole kit.
                .clauses("4.2", "5.1")
                .dynamicTests();
    }
}
