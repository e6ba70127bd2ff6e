package org.ctlsock.conformance.report;

import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The kit's own version, from the build ({@code org/ctlsock/conformance/kit.properties}). */
public final class KitVersion {
    private KitVersion() {
    }

    public static String get() {
        try {
            return ResourceBundle.getBundle("org.ctlsock.conformance.kit").getString("kit.version");
        } catch (MissingResourceException e) {
            return "unknown";
        }
    }
}
