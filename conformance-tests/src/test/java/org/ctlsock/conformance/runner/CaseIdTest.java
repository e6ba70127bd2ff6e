package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.ctlsock.conformance.CaseId;
import org.junit.jupiter.api.Test;

/** Case ids are made of names, never of positions. */
class CaseIdTest {
    private static final String CLASS = "[engine:junit-jupiter]/[class:org.ctlsock.conformance.clauses.Section4_1_VersionsAndHostTest]";

    @Test
    void methodCase() {
        assertThat(CaseId.of("4.1.1", CLASS + "/[method:x(org.ctlsock.conformance.TargetSession)]",
                "x(TargetSession)")).isEqualTo("4.1.1/x");
    }

    @Test
    void parameterizedValueIsNamedByItsDisplayNameNotItsIndex() {
        String uid = CLASS + "/[test-template:anyHost(org.ctlsock.conformance.TargetSession, java.lang.String)]"
                + "/[test-template-invocation:#3]";
        assertThat(CaseId.of("4.1.3", uid, "[4.1.3] Host: localhost:80")).isEqualTo("4.1.3/anyHost[Host: localhost:80]");
    }

    @Test
    void propertyAndDynamicCase() {
        assertThat(CaseId.of("5.3.3", "[engine:junit-jupiter]/[class:a.B]/[method:numbers(org.ctlsock.conformance.PropertyCheck, org.x.T)]", "x"))
                .isEqualTo("5.3.3/numbers");
        assertThat(CaseId.of("4.2.1", CLASS + "/[test-factory:vectors()]/[dynamic-test:#12]", "[4.2.1] keep-alive"))
                .isEqualTo("4.2.1/vectors[keep-alive]");
        assertThat(CaseId.of(null, "[engine:junit-jupiter]/[class:a.B]/[method:helper()]", "helper()"))
                .isEqualTo("no-clause/helper");
    }
}
