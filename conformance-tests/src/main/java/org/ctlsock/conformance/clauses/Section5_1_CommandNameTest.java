package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.junit.jupiter.api.Test;

/** Spec 5.1: the command name is the decoded path; query strings, absolute form, and what is no name. */
@ConformanceTest
class Section5_1_CommandNameTest {

    @Test
    @Clause("5.1.2")
    void ignoresTheQueryWithoutQueryArgs(TargetSession target) throws IOException {
        if (target.claims(Capability.QUERY_ARGS)) {
            throw new org.ctlsock.conformance.NotApplicable("the target claims query-args, so GET ?args= carries "
                    + "arguments (clause 9.5.1)");
        }
        HttpResponse r = target.get("/echo?args=%5B1%5D");
        assertThat(r.status()).as("status of GET /echo?args=[1] without query-args").isEqualTo(200);
        assertThat(r.bodyText()).as("body: the query is ignored, so no arguments").isEqualTo("[]");
    }
}
