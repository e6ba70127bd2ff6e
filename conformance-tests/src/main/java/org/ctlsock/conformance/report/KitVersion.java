package org.ctlsock.conformance.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kit's own version, from the build. */
public final class KitVersion {
    private KitVersion() {
    }

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = KitVersion.class.getResourceAsStream("/org/ctlsock/conformance/kit.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("kit.version", "unknown");
    }
}
