package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.fuzz.FuzzRun;
import org.ctlsock.conformance.fuzz.FuzzTries;
import org.ctlsock.conformance.fuzz.HostileRequests;
import org.ctlsock.conformance.fuzz.HostileRequests.Hostile;
import org.ctlsock.conformance.vectors.VectorCheck;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.junit.jupiter.api.Test;

/**
 * Spec 6.3.3 and 4.3.5 under fuzzing: mutations of valid requests (byte changes, truncations, CR, LF,
 * NUL and 0xFF inserted, duplicated header lines, other methods, targets and versions, pipelined
 * requests) never get a 5xx, never get a malformed response, and never take the server down.
 * Tries: {@code -Dctlsock.fuzz.tries} (default 200; {@code mvn verify -Pfuzz} runs 10000); the seed
 * of every run is printed, {@code -Dctlsock.fuzz.seed=…} replays it; a failure shows the smallest mutation found.
 */
@ConformanceTest
class Section6_3_HostileBytesProperties {
    /** More responses than any mutated request can ask for: a server that keeps answering is looping. */
    private static final int MAX_RESPONSES = 64;

    @Test
    @FuzzTries
    @Clause("6.3.3")
    void mutatedRequestsNeverGet5xxAndNeverKillTheServer(PropertyCheck property, TargetSession target) {
        FuzzRun.reported("mutated requests (6.3.3)", property,
                () -> property.forAll(HostileRequests.requests(), request -> answersWithout5xx(request, target)));
    }

    private static void answersWithout5xx(Hostile request, TargetSession target) throws IOException {
        byte[] bytes = request.bytes();
        boolean head = new String(bytes, 0, Math.min(5, bytes.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
        // The 5xx a client's request may get: 501 for a transfer coding the server does not know (4.3.4), and
        // 503 when the server is at a capacity limit (the table of 6.3: not a client's mistake), and 505 when the
        // request line does not carry an HTTP/1.x version (6.3.3).
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf('\n');
        String firstLine = (eol < 0 ? text : text.substring(0, eol)).stripTrailing();
        boolean notHttp1 = !firstLine.matches(".* HTTP/1\\.[0-9]");
        boolean hasCoding = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                .contains("transfer-encoding");
        List<Integer> statuses = new ArrayList<>();
        Path socket = target.socket(); // the check afterwards must reach this instance, not a replacement
        try (RawConnection c = target.connect(socket, "hostile request: " + request)) {
            // Half-closed: the server has all it will ever get, so it answers or closes, never waits.
            VectorCheck.sendAndHalfClose(c, bytes);
            for (int i = 0; i < MAX_RESPONSES; i++) {
                Optional<HttpResponse> r = c.readOrClose(head);
                if (r.isEmpty()) {
                    break;
                }
                int status = r.get().status();
                statuses.add(status);
                assertThat(status >= 500 && !(status == 501 && hasCoding) && status != 503 && !(status == 505 && notHttp1))
                        .as("a 5xx for a client's request (status %d; statuses so far %s; %s)", status, statuses,
                                request).isFalse();
            }
            assertThat(c.isPeerClosed()).as("the server stopped answering after %d responses", MAX_RESPONSES)
                    .isTrue();
        }
        VectorCheck.checkStillServing(target, socket);
    }
}
