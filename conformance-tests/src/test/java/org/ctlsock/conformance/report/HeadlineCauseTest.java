package org.ctlsock.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 19: one cause, many FAILs — cases whose headlines differ only in numbers, paths or labels are one cause. */
class HeadlineCauseTest {

    @Test
    void theSameWrongModeUnderSeveralUmasksIsOneCause() {
        String a = Headline.causeKey("2.3.1", "[the socket's mode, asked for with umask 007] expected: \"0770\" but was: "
                + "\"0666\"");
        String b = Headline.causeKey("2.3.1", "[the socket's mode, asked for with umask 177] expected: \"0600\" but was: "
                + "\"0666\"");
        assertThat(a).isEqualTo(b);
        assertThat(Headline.causeKey("2.3.2", "[x] expected: 1")).isNotEqualTo(Headline.causeKey("2.3.1", "[x] expected: 1"));
        assertThat(Headline.causeKey("2.2.2", "the target exited before it was ready at /tmp/ctlsock-1/ctl.sock"))
                .isEqualTo(Headline.causeKey("2.2.2", "the target exited before it was ready at /tmp/ctlsock-2/x.sock"));
        assertThat(Headline.causeKey("4.3.5", "expected: 400 but was: 404"))
                .isNotEqualTo(Headline.causeKey("4.3.5", "the server closed the connection without it"));
    }
}
