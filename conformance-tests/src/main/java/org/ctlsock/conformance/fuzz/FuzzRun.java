package org.ctlsock.conformance.fuzz;

import org.ctlsock.conformance.PropertyCheck;

/** The fuzz property's settings, and one printed line per run, pass or fail, with the seed that replays it. */
public final class FuzzRun {
    private FuzzRun() {
    }


    /** Runs {@code fuzz} (the property's {@code forAll}) and prints its line afterwards. */
    public static void reported(String label, PropertyCheck property, Runnable fuzz) {
        long started = System.nanoTime();
        String status = "FAILED";
        try {
            fuzz.run();
            status = "SUCCEEDED";
        } catch (org.opentest4j.TestAbortedException e) {
            status = "NOT RUN (" + e.getMessage() + ")";
            throw e;
        } finally {
            System.out.printf("[fuzz] %s: %d tries, %s, %.1f s, seed %d (replay: --fuzz-seed %d, or "
                    + "-Dctlsock.fuzz.seed=%d)%n", label,
                    property.tries(), status, (System.nanoTime() - started) / 1e9, property.seed(), property.seed(),
                    property.seed());
        }
    }
}
