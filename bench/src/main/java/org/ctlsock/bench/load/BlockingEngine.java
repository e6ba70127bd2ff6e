package org.ctlsock.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread per client, each with a blocking connection: the simplest model and the lowest latency
 * for a single client, but each request costs the client two thread wake-ups.
 */
public final class BlockingEngine implements Engine {

    /** Makes the connector for a run's socket. */
    @FunctionalInterface
    public interface ConnectorFactory {
        Connector forRun(LoadSpec spec) throws IOException;
    }

    private final ConnectorFactory connectors;
    private final String connectorName;

    public BlockingEngine(Connector connector) {
        this(spec -> connector, connector.name());
    }

    public BlockingEngine(ConnectorFactory connectors, String connectorName) {
        this.connectors = connectors;
        this.connectorName = connectorName;
    }

    /** {@code jdk} (the JDK's AF_UNIX channels) or {@code junixsocket} (AFUNIXSocket). */
    public static BlockingEngine named(String connectorName) {
        return switch (connectorName) {
            case "jdk" -> new BlockingEngine(spec -> new JdkChannelConnector(spec.socket()), "jdk");
            case "junixsocket" -> new BlockingEngine(spec -> new JunixsocketConnector(spec.socket().toFile(),
                    (int) spec.readTimeout().toMillis()), "junixsocket");
            default -> throw new IllegalArgumentException("the connector is jdk or junixsocket, not " + connectorName);
        };
    }

    @Override
    public List<LoadWorker> workers(LoadSpec spec, LoadPhase phase) {
        Connector connector;
        try {
            connector = connectors.forRun(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LoadWorker> workers = new ArrayList<>();
        for (int i = 0; i < spec.clients(); i++) {
            workers.add(new ClientWorker(connector, spec.request(), spec.keepAlive(), phase));
        }
        return workers;
    }

    @Override
    public String name() {
        return connectorName + ", blocking, a thread per client";
    }
}
