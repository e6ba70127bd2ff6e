package org.ctlsock.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Connections through junixsocket's {@link AFUNIXSocket}, a {@code java.net.Socket} over AF_UNIX. */
public final class JunixsocketConnector implements Connector {

    private final AFUNIXSocketAddress address;
    private final int readTimeoutMillis;

    public JunixsocketConnector(File socket, int readTimeoutMillis) throws IOException {
        this.address = AFUNIXSocketAddress.of(socket);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public Connection open() throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        try {
            socket.connect(address);
            socket.setSoTimeout(readTimeoutMillis);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            return new Connection() {
                @Override
                public InputStream in() {
                    return in;
                }

                @Override
                public OutputStream out() {
                    return out;
                }

                @Override
                public void close() {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Dropped either way.
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "junixsocket";
    }
}
