package org.ctlsock.bench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctlsock.bench.ceiling.EventLoopCeiling;

/**
 * {@code ceiling}: serves a fixed answer from a few event loops on the JDK's channels until killed
 * (see {@link EventLoopCeiling}), as a peer for the benchmark.
 */
public final class CeilingCommand {

    private CeilingCommand() {
    }

    public static int run(List<String> args) throws UsageException, IOException, InterruptedException {
        OptionParser o = OptionParser.parse(args, Set.of("socket", "loops"), Set.of("pool", "takeover"));
        Path socket = Path.of(o.required("socket"));
        int loops;
        try {
            loops = Integer.parseInt(o.get("loops", "2"));
        } catch (NumberFormatException e) {
            throw new UsageException("--loops needs a whole number, not " + o.get("loops", ""));
        }
        if (loops < 1) {
            throw new UsageException("--loops must be at least 1");
        }
        if (o.has("pool") && o.has("takeover")) {
            throw new UsageException("--pool and --takeover are two ways of doing one thing: choose one");
        }
        EventLoopCeiling.Mode mode = o.has("pool") ? EventLoopCeiling.Mode.POOL
                : o.has("takeover") ? EventLoopCeiling.Mode.TAKEOVER : EventLoopCeiling.Mode.INLINE;
        EventLoopCeiling ceiling = EventLoopCeiling.start(socket, loops, mode);
        if (mode == EventLoopCeiling.Mode.TAKEOVER) {
            // The benchmark stops it with SIGTERM: how often a loop changed hands goes to its log.
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    System.err.println("ceiling: loops handed to a new thread " + ceiling.takeovers() + " times")));
        }
        // Runs until the process is stopped; the socket file is the caller's to remove.
        ceiling.await();
        return 0;
    }
}
