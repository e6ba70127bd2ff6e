package org.ctlsock.conformance.access;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The program the kit runs as another user (under {@code setpriv}), so that the kernel's permission checks and
 * peer credentials apply to a uid and gid that are not root's: a client, or the hostile neighbour. It speaks a
 * line protocol on standard input and output, one instruction per line, so that one process serves many probes
 * (starting a JVM per probe would be too slow for the access matrix).
 *
 * <pre>
 * out: READY                                             (once, at its start)
 * in:  EXCHANGE &lt;socket path, base64&gt; &lt;request bytes, base64&gt; &lt;deadline in ms&gt;
 * out: ANSWERED &lt;bytes received until the server closed, base64&gt; CLOSED|DEADLINE
 *      DENIED   &lt;connect(2) error, base64&gt;          (EACCES: the permission check refused it)
 *      FAILED   &lt;what went wrong, base64&gt;
 * in:  SILENT &lt;socket path, base64&gt; &lt;connections&gt; &lt;deadline in ms&gt;
 * out: HELD &lt;opened&gt; &lt;closed by the server&gt; &lt;connect failures&gt; &lt;bytes of the first answer, base64&gt;
 *      (opens that many connections, sends nothing, and waits until the server has closed them all
 *      or the deadline passes: how a peer that holds idle connections is treated)
 * in:  WATCH &lt;directory&gt; &lt;lair&gt; &lt;canary 1&gt; &lt;canary 2&gt;   (paths, base64 each)
 * out: WATCHING, or FAILED &lt;what went wrong, base64&gt;; then one line per swap or failed swap (see
 *      {@link #watch}), and no more replies: the kit reads them as the neighbour's log
 * in:  DIRECTORIES yes|no   (after WATCH: whether the neighbour swaps new directories too; it starts with yes)
 * out: a line "swapping directories: yes|no" in the neighbour's log, once the change holds
 * </pre>
 *
 * <p>It exits at the end of its input. It depends on nothing but the JDK (JDK 16+ has Unix domain socket
 * channels), and it is a single class without nested classes: the kit copies this one class file to a directory
 * every user may read, because the kit's own class path (the Maven repository under root's home) usually is not.
 */
public final class ForeignAgentMain {
    /** How many entries the neighbour has swapped (only its watching thread counts). */
    private static int swaps;
    /** Whether the neighbour swaps new directories too, or leaves them alone (the DIRECTORIES instruction). */
    private static volatile boolean swapDirectories = true;

    private ForeignAgentMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split(" ");
            if (w.length == 4 && w[0].equals("EXCHANGE")) {
                out.println(exchange(path(w[1]), Base64.getDecoder().decode(w[2]), Long.parseLong(w[3])));
            } else if (w.length == 4 && w[0].equals("SILENT")) {
                out.println(silent(path(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3])));
            } else if (w.length == 5 && w[0].equals("WATCH")) {
                out.println(watch(path(w[1]), path(w[2]), List.of(path(w[3]), path(w[4])), out));
            } else if (w.length == 2 && w[0].equals("DIRECTORIES")) {
                swapDirectories = w[1].equals("yes");
                out.println("swapping directories: " + (swapDirectories ? "yes" : "no"));
            } else {
                out.println("FAILED " + b64("unknown instruction: " + line));
            }
        }
    }

    private static String exchange(Path socket, byte[] request, long deadlineMillis) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            return "FAILED " + b64("cannot open a socket: " + e);
        }
        try (ch) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                return (m.contains("Permission denied") ? "DENIED " : "FAILED ") + b64("connect: " + e);
            }
            ByteBuffer req = ByteBuffer.wrap(request);
            while (req.hasRemaining()) {
                ch.write(req);
            }
            return readUntilClose(ch, deadlineMillis);
        } catch (IOException e) {
            return "FAILED " + b64(e.toString());
        }
    }

    /** Reads until the server closes the connection or the deadline passes, whichever comes first. */
    private static String readUntilClose(SocketChannel ch, long deadlineMillis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + deadlineMillis * 1_000_000L;
        ch.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            ch.register(sel, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return "ANSWERED " + Base64.getEncoder().encodeToString(got.toByteArray()) + " DEADLINE";
                }
                sel.select(left);
                sel.selectedKeys().clear();
                int n;
                try {
                    n = ch.read(buf);
                } catch (IOException e) {
                    // A reset after the response is still an answer; the kit parses what came.
                    n = -1;
                }
                if (n < 0) {
                    return "ANSWERED " + Base64.getEncoder().encodeToString(got.toByteArray()) + " CLOSED";
                }
                got.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
    }

    private static String silent(Path socket, int count, long deadlineMillis) {
        long end = System.nanoTime() + deadlineMillis * 1_000_000L;
        int opened = 0;
        int closed = 0;
        int failed = 0;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < count; i++) {
                try {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    try {
                        ch.connect(UnixDomainSocketAddress.of(socket));
                        ch.configureBlocking(false);
                        ch.register(sel, SelectionKey.OP_READ, ByteBuffer.allocate(1024));
                        opened++;
                    } catch (IOException e) {
                        ch.close();
                        failed++;
                    }
                } catch (IOException e) {
                    failed++;
                }
            }
            while (closed < opened) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                sel.select(left);
                for (SelectionKey key : sel.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    ByteBuffer buf = (ByteBuffer) key.attachment();
                    int n;
                    try {
                        n = ch.read(buf);
                    } catch (IOException e) {
                        n = -1; // a reset: closed as well
                    }
                    if (!buf.hasRemaining()) {
                        buf.clear(); // more than a short answer: keep reading, keep only the start
                    }
                    if (n < 0) {
                        if (first.size() == 0) {
                            first.write(buf.array(), 0, buf.position());
                        }
                        closed++;
                        key.cancel();
                        ch.close();
                    }
                }
                sel.selectedKeys().clear();
            }
            for (SelectionKey key : sel.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            return "FAILED " + b64("silent connections: " + e);
        }
        return "HELD " + opened + " " + closed + " " + failed + " "
                + Base64.getEncoder().encodeToString(first.toByteArray());
    }

    /**
     * The other user who can write the socket's directory (spec 2.5.1): watches {@code dir} (inotify, through the
     * JDK's WatchService) and swaps every new entry it did not make for a symbolic link: a directory for a link to
     * its own {@code lair} directory (which it watches too), anything else for a link to one of two canary files it
     * does not own. It renames the original aside first, so a server that reaches the name again by its path
     * follows the link. A server that is safe changes neither canary, whatever the timing. The watching thread is
     * a daemon: it ends with the program, at the end of its input.
     */
    private static String watch(Path dir, Path lair, List<Path> canaries, PrintStream log) {
        WatchService watcher;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            lair.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
        } catch (IOException e) {
            return "FAILED " + b64("cannot watch " + dir + " and " + lair + ": " + e);
        }
        Thread t = new Thread(() -> swapForever(watcher, dir, lair, canaries, log), "neighbour");
        t.setDaemon(true);
        t.start();
        return "WATCHING";
    }

    private static void swapForever(WatchService watcher, Path dir, Path lair, List<Path> canaries,
            PrintStream log) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path base = (Path) key.watchable();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == OVERFLOW) {
                        sweep(dir, lair, canaries, log);
                        sweep(lair, lair, canaries, log);
                    } else {
                        swap(base.resolve((Path) e.context()), lair, canaries, log);
                    }
                }
                key.reset();
            }
        } catch (IOException | InterruptedException e) {
            log.println("the neighbour stopped watching: " + e);
        }
    }

    /** After lost events: every entry not of our making. */
    private static void sweep(Path d, Path lair, List<Path> canaries, PrintStream log) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                swap(p, lair, canaries, log);
            }
        }
    }

    private static void swap(Path p, Path lair, List<Path> canaries, PrintStream log) {
        String name = p.getFileName().toString();
        if (name.startsWith(".aside-") || isLinkTo(p, lair, canaries) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!swapDirectories && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            log.println("left the directory " + p + " alone");
            return;
        }
        int n = ++swaps;
        Path aside = p.resolveSibling(".aside-" + n + "-" + name);
        try {
            Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.println("cannot move " + p + " aside: " + e);
            return;
        }
        boolean directory = Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS);
        Path target = directory && !p.getParent().equals(lair) ? lair : canaries.get(n % 2);
        try {
            Files.createSymbolicLink(p, target);
            log.println("swapped " + p + " (" + (directory ? "a directory" : "a file") + ", now " + aside
                    + ") for a link to " + target);
        } catch (IOException e) {
            log.println("moved " + p + " aside to " + aside + " but could not plant a link: " + e);
        }
    }

    /** Whether {@code p} is one of the neighbour's own links (to its lair or a canary). */
    private static boolean isLinkTo(Path p, Path lair, List<Path> canaries) {
        if (!Files.isSymbolicLink(p)) {
            return false;
        }
        try {
            Path t = Files.readSymbolicLink(p);
            return t.equals(lair) || canaries.contains(t);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path path(String base64) {
        return Path.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
