package org.ctlsock.conformance.access;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The other user who can write the socket's directory (spec 2.5.1), run by the kit under {@code setpriv}
 * as a uid that is not the server's. It watches the directory (inotify, through the JDK's WatchService)
 * and swaps every new entry it did not make for a symbolic link: a directory for a link to its own
 * "lair" directory (which it watches too), anything else for a link to one of two canary files it does
 * not own. It renames the original aside first, so a server that reaches the name again by its path
 * follows the link. A server that is safe changes neither canary, whatever the timing.
 *
 * <pre>
 * java HostileNeighbourMain DIR LAIR CANARY1 CANARY2
 * out: READY
 * err: one line per swap or failed swap
 * </pre>
 *
 * <p>It exits when its standard input closes (the kit is done with it, or gone). A single class
 * without nested classes, like {@link ForeignClientMain}, so the kit can copy it where any user may run it.
 */
public final class HostileNeighbourMain {
    private static final AtomicInteger SWAPS = new AtomicInteger();
    private static PrintStream log;
    private static Path lair;
    private static List<Path> canaries;

    private HostileNeighbourMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Path dir = Path.of(args[0]);
        lair = Path.of(args[1]);
        canaries = List.of(Path.of(args[2]), Path.of(args[3]));
        Thread eof = new Thread(HostileNeighbourMain::exitAtEndOfInput, "exit-at-eof");
        eof.setDaemon(true);
        eof.start();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            lair.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            System.out.println("READY");
            System.out.flush();
            while (true) {
                WatchKey key = watcher.take();
                Path base = (Path) key.watchable();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == OVERFLOW) {
                        sweep(dir);
                        sweep(lair);
                    } else {
                        swap(base.resolve((Path) e.context()));
                    }
                }
                key.reset();
            }
        }
    }

    /** After lost events: every entry not of our making. */
    private static void sweep(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                swap(p);
            }
        }
    }

    private static void swap(Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith(".aside-") || isOurLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int n = SWAPS.incrementAndGet();
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

    private static boolean isOurLink(Path p) {
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

    private static void exitAtEndOfInput() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // nothing to read but the end
            }
        } catch (IOException e) {
            // the kit is gone either way
        }
        System.exit(0);
    }
}
