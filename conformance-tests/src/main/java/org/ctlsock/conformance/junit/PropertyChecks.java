package org.ctlsock.conformance.junit;

import org.ctlsock.conformance.PropertyCheck;

/**
 * The configuration parameters of {@link PropertyCheck}, under the names {@code runner.ConformanceCli} uses.
 * A forwarding left while another branch edits the runner: after the merge, use PropertyCheck's and delete this.
 */
public final class PropertyChecks {
    public static final String TRIES = PropertyCheck.TRIES;
    public static final String SEED = PropertyCheck.SEED;
    public static final String REPLAY = PropertyCheck.REPLAY;

    private PropertyChecks() {
    }
}
