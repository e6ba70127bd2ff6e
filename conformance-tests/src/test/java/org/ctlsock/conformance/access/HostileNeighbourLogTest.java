package org.ctlsock.conformance.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HostileNeighbourLogTest {

    @Test
    void aConfirmationIsFoundWhileTheNeighbourKeepsLogging() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>(List.of("swapped a"));
        String ack = "swapping directories: no";
        Thread neighbour = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                log.add(i == 10_000 ? ack : "swapped " + i);
            }
        });
        neighbour.start();
        // Polls as swapDirectories does, while the log grows under it; a sublist of the live list threw here.
        while (neighbour.isAlive()) {
            HostileNeighbour.confirmedSince(log, 1, ack);
        }
        neighbour.join();
        assertThat(HostileNeighbour.confirmedSince(log, 1, ack)).isTrue();
        assertThat(HostileNeighbour.confirmedSince(log, log.size(), ack)).isFalse();
    }
}
