package org.ctlsock.conformance.filesystem;

import java.util.Locale;

/** The platform's limit for a socket path in {@code sun_path}, without the terminating NUL (spec 2.1.2). */
public final class SunPathLimit {
    private SunPathLimit() {
    }

    /** 107 bytes on Linux, 103 on macOS and the BSDs. */
    public static int bytes() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") ? 107 : 103;
    }
}
