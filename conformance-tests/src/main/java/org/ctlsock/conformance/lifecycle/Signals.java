package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * Signals the JDK cannot send: {@code Process.destroy()} is SIGTERM and {@code destroyForcibly()} SIGKILL,
 * but SIGINT (spec 3.4.1) needs {@code kill(1)}; the shell's built-in is used, which every system has.
 */
public final class Signals {
    private Signals() {
    }

    /** Sends SIGINT to the target process (not waiting for anything). */
    public static void interrupt(ServerProcess p) {
        send("INT", p.pid());
    }

    static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + pid)
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }
}
