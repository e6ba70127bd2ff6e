import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.ctlsock.server.CtlsockServer;

/**
 * An application that embeds the reference server and registers its own command, for
 * bench/alloc-per-request.sh: the same per-request path as the program, reached through the
 * library's public API. Run as a single source file: java -cp ctlsock-server.jar EmbeddedEcho.java SOCKET
 */
public final class EmbeddedEcho {
  public static void main(String[] args) throws Exception {
    CtlsockServer server =
        CtlsockServer.builder(Path.of(args[0]))
            .command("echo", (arguments, context) -> arguments.toArrayNode())
            .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.err.println("embedded: serving on " + args[0]);
    new CountDownLatch(1).await();
  }
}
