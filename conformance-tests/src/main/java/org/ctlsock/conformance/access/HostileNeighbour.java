package org.ctlsock.conformance.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ctlsock.conformance.KitError;

/**
 * A {@link HostileNeighbourMain} process running as another user, from {@link #start} until {@link
 * #close()} (which ends it and waits for it, so it never outlives the case). Its log of swaps goes to a
 * file whose tail joins the evidence.
 */
public final class HostileNeighbour implements AutoCloseable {
    private final Identity who;
    private final Process process;
    private final Path log;

    private HostileNeighbour(Identity who, Process process, Path log) {
        this.who = who;
        this.process = process;
        this.log = log;
    }

    /** Starts the neighbour as {@code who} watching {@code dir} and {@code lair}; returns once it watches. */
    public static HostileNeighbour start(Identity who, Path dir, Path lair, Path canary1, Path canary2,
            Duration within) {
        List<String> cmd = new ArrayList<>(who.setprivWords());
        cmd.addAll(ClientProgram.commandLine(HostileNeighbourMain.class));
        cmd.addAll(List.of(dir.toString(), lair.toString(), canary1.toString(), canary2.toString()));
        Process p;
        Path log;
        try {
            log = Files.createTempFile("ctlsock-neighbour-", ".log");
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new KitError("cannot start the hostile neighbour as " + who.describe() + ": " + cmd + ": " + e, e);
        }
        HostileNeighbour n = new HostileNeighbour(who, p, log);
        n.awaitReadyThenLog(within);
        return n;
    }

    /** Reads the READY line within the deadline (a JVM start), then copies the rest of its output to the log. */
    private void awaitReadyThenLog(Duration within) {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(within.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            close();
            throw new KitError("the hostile neighbour as " + who.describe() + " did not start within "
                    + within.multipliedBy(3).toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new KitError("interrupted while starting the hostile neighbour");
        }
        if (!"READY".equals(line)) {
            close();
            throw new KitError("the hostile neighbour as " + who.describe() + " did not start: " + line);
        }
        Thread copier = new Thread(() -> {
            try {
                String l;
                while ((l = r.readLine()) != null) {
                    Files.writeString(log, l + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "neighbour-log");
        copier.setDaemon(true);
        copier.start();
    }

    /** The last lines of what it did, for the evidence. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return (all.size() > lines ? "… (" + (all.size() - lines) + " lines before)\n" : "")
                    + (tail.isEmpty() ? "(it swapped nothing)" : String.join("\n", tail));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is killed below anyway
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }
}
