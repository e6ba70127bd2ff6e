package org.ctlsock.bench.suite;

/**
 * One measurement: a scenario at a concurrency, with or without persistent connections.
 */
public record Cell(Scenario scenario, boolean keepAlive, int clients) {

    public String modeName() {
        return keepAlive ? "keep-alive" : "connection per request";
    }
}
