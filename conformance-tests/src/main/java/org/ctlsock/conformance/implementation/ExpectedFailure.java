package org.ctlsock.conformance.implementation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A clause the target is known to break (descriptor member {@code expectedFailures}, spec 8.3.1), or, with
 * {@code caseId}, just one case of that clause (an id as the reports print it, e.g.
 * {@code 4.3.4/malformedCorpus[chunk size NUL]}), so that one known-bad vector does not hide the rest of
 * its clause.
 *
 * <p>report.json lists it as it is written in a descriptor: {@code caseId} as {@code case}, and the optional members
 * only when they are given.
 *
 * @param intermittent the defect is real but shows only in some runs (a server that runs out of memory under
 *     a crowd only when its collector falls behind): a pass is then reported as a pass, not as "expected failure
 *     now passes", which would fail every run in which the defect happened not to show
 */
public record ExpectedFailure(String clause,
        @JsonProperty("case") @JsonInclude(JsonInclude.Include.NON_NULL) String caseId, String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String link,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean intermittent) {
    public ExpectedFailure(String clause, String reason, String link) {
        this(clause, null, reason, link, false);
    }

    /** What it is listed under: the case id when it names one, else the clause. */
    public String key() {
        return caseId != null ? caseId : clause;
    }
}
