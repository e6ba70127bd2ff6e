package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kit's own effective group, which a launched target inherits (spec 2.3.3: "else the server's effective group"). */
public final class KitIdentity {
    private KitIdentity() {
    }

    /** From {@code /proc/self/status} ("Gid: real effective saved fs"). */
    public static int effectiveGid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Gid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the kit's effective gid from /proc/self/status", e);
        }
        throw new IllegalStateException("no Gid: line in /proc/self/status");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
