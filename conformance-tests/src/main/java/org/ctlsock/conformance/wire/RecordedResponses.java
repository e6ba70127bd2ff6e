package org.ctlsock.conformance.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Parses responses from bytes that were received elsewhere, e.g. by a client the kit ran as another
 * user, with the same strict reader as {@link RawConnection}.
 */
public final class RecordedResponses {
    private RecordedResponses() {
    }

    /** The first response in {@code bytes}; empty when there are none; {@link ProtocolViolation} when malformed. */
    public static Optional<HttpResponse> first(byte[] bytes, boolean headRequest) throws IOException {
        return new ResponseReader(new ByteArrayInputStream(bytes)).read(headRequest);
    }
}
