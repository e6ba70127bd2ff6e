package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.ctlsock.conformance.wire.HttpResponse;
import org.junit.jupiter.api.Test;

/** A vector's failure line says everything the vector accepts: every status, and a close where one is allowed. */
class VectorCheckTest {
    @Test
    void aWrongStatusNamesEveryAcceptedOutcome() throws Exception {
        var expect = new ObjectMapper().readTree("{\"status\": [400, 408], \"orClose\": true}");
        HttpResponse answer = new HttpResponse("HTTP/1.1", 500, "Internal Server Error", List.of(), new byte[0],
                org.ctlsock.conformance.wire.Framing.NO_BODY, List.of());
        assertThatThrownBy(() -> VectorCheck.checkResponse(answer, expect, new byte[0]))
                .hasMessageContaining("accepted: 400, 408 or a close without a response");
        assertThat(VectorCheck.accepted(new ObjectMapper().readTree("{\"status\": 200}"))).isEqualTo("accepted: 200");
    }
}
