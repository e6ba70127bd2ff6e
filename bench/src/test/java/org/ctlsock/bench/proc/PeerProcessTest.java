package org.ctlsock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerProcessTest {

    private static final List<String> SS = List.of(
            "Netid State Recv-Q Send-Q Local Address:Port     Peer Address:Port    Process",
            "u_str ESTAB 0      0                  * 1212322             * 1212321  users:((\"nginx\",pid=12341,fd=6))",
            "u_str ESTAB 0      768    /tmp/.cqciy/s 21040127            * 21076603 users:((\"java\",pid=22268,fd=21))",
            "u_str ESTAB 0      0                  * 21076603            * 21040127 users:((\"java\",pid=999,fd=7))");

    @Test
    void findsTheProcessHoldingThePeerOfOurConnection() {
        assertThat(PeerProcess.serverOf("21076603", SS)).contains(22268L);
    }

    @Test
    void anUnknownInodeFindsNothing() {
        assertThat(PeerProcess.serverOf("5", SS)).isEmpty();
    }
}
