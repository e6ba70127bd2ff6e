package org.ctlsock.conformance.junit;

import java.util.Optional;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps only the cases whose clause {@code -Dctlsock.clauses} (ids or prefixes, e.g. {@code 4.2,5.1.1})
 * and {@code -Dctlsock.levels} (e.g. {@code MUST,MUST_NOT}) select. Cases without {@link Clause} are kept.
 */
public final class ClauseSelectionFilter implements PostDiscoveryFilter {
    private KitSettings settings;
    private boolean unreadable;

    /** The filter of a plain JUnit run (ServiceLoader, e.g. surefire): reads the selection from system properties. */
    public ClauseSelectionFilter() {
    }

    /** The filter of the kit's own launcher, for the run's settings. */
    public ClauseSelectionFilter(KitSettings settings) {
        this.settings = settings;
    }

    /** The settings, read once per filter (a filter serves one discovery). */
    private synchronized KitSettings settings() {
        if (settings == null && !unreadable) {
            try {
                settings = KitSettings.fromProperties(System::getProperty);
            } catch (KitError e) {
                unreadable = true; // the run itself reports the bad configuration
            }
        }
        return settings;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        KitSettings settings = settings();
        if (settings == null) {
            return FilterResult.included("no kit settings");
        }
        if (settings.clauseSelection().isEmpty() && settings.levelSelection().isEmpty()) {
            return FilterResult.included("no selection");
        }
        Optional<Clause> clause = ClauseLookup.annotation(descriptor.getSource());
        // Parameterized tests and properties are containers at discovery: filter them by their method too.
        if (clause.isEmpty()) {
            return FilterResult.included("not a clause case");
        }
        String id = clause.get().value();
        Level level = SpecCatalog.bundled().get(id).level();
        return settings.selects(id, level) ? FilterResult.included("selected")
                : FilterResult.excluded("clause " + id + " not selected");
    }
}
