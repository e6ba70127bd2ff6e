package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.junit.jupiter.api.Test;

/**
 * The malformed-input corpus and the spec cannot drift apart: every outcome a vector allows is one its clauses'
 * text allows, and every outcome the clauses' text grants for what the vector sends is in the vector. Two
 * correct servers were failed because the corpus allowed less than the spec (the HTTP/2 preface without 505,
 * an overflowing chunk size without 413); this check reads the clause sentences themselves, so a change to
 * either side that the other does not follow fails here.
 */
class MalformedCorpusAgreesWithSpecTest {
    /** A status code in a clause's sentence: three digits, not part of a longer number. */
    private static final Pattern STATUS = Pattern.compile("(?<![\\d^.])([1-5]\\d\\d)(?!\\d|\\.\\d)");
    /** The words with which a clause lets the server close instead of answering. */
    private static final Pattern CLOSE_ALLOWED = Pattern.compile("or by closing the connection|or closes|or a close");
    private static final Pattern VERSION = Pattern.compile("^[^\\r\\n]* HTTP/(\\d+)\\.\\d+\\r\\n");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\\r\\ncontent-length: *(\\d+)\\r\\n");
    private static final Pattern CHUNKED = Pattern.compile("(?i)\\r\\ntransfer-encoding: *chunked\\r\\n");
    private static final Pattern FIRST_CHUNK_SIZE = Pattern.compile("\\r\\n\\r\\n([0-9a-fA-F]+)\\r\\n");
    private static final BigInteger BODY_LIMIT = BigInteger.valueOf(16L * 1024 * 1024);

    private static final SpecCatalog SPEC = SpecCatalog.bundled();

    private static Path dir() {
        return Path.of(System.getProperty("ctlsock.vectors.dir", "../fixtures/vectors")).resolve("malformed");
    }

    @Test
    void everyVectorAllowsWhatItsClausesAllowNoMoreNoLess() {
        Map<String, List<Vector>> files = VectorFiles.loadDir(dir(), true);
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (List<Vector> vectors : files.values()) {
            for (Vector v : vectors) {
                checked++;
                disagreements.addAll(disagreements(v));
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(disagreements).as("vectors whose allowed outcomes differ from their clauses' text "
                + "(fix the vector in generate.py, or name the clause that allows it in alsoClauses)").isEmpty();
    }

    @Test
    void theCheckCatchesAVectorThatAllowsTooLittleOrTooMuch() {
        // The HTTP/2 preface as the corpus had it: 6.3.3 grants 505 for an HTTP major version that is not 1.
        Vector preface = vector("6.3.3", List.of("4.3.5", "5.2.6"), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "{\"status\": [400, 404, 405], \"orClose\": true}");
        assertThat(disagreements(preface)).singleElement().asString().contains("505");
        // A chunk size past 64 bits announces more than 16 MiB: 7.2.2 grants 413 beside 4.3.4's 400.
        Vector overflow = vector("4.3.4", List.of("7.2.2"), "POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\n[1]\r\n0\r\n\r\n", "{\"status\": [400]}");
        assertThat(disagreements(overflow)).singleElement().asString().contains("413");
        // And a status no clause of the vector names, or a close its clauses do not offer.
        Vector invented = vector("4.3.4", List.of(), "POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: x\r\n\r\n", "{\"status\": [400, 422], \"orClose\": true}");
        assertThat(disagreements(invented)).hasSize(2).anyMatch(d -> d.contains("422")).anyMatch(d -> d.contains("close"));
    }

    private static Vector vector(String clause, List<String> also, String request, String expect) {
        try {
            JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(expect);
            return new Vector("test.json", "sample", clause, request.getBytes(StandardCharsets.ISO_8859_1), e, also,
                    false, List.of(), false);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** What is wrong with one vector's first expectation, one line per disagreement (empty: it agrees). */
    private static List<String> disagreements(Vector v) {
        List<String> clauses = new ArrayList<>();
        clauses.add(v.clause());
        clauses.addAll(v.alsoClauses());
        Set<Integer> named = new TreeSet<>();
        boolean closeAllowed = false;
        for (String id : clauses) {
            String text = SPEC.get(id).text();
            Matcher m = STATUS.matcher(text);
            while (m.find()) {
                named.add(Integer.parseInt(m.group(1)));
            }
            closeAllowed |= CLOSE_ALLOWED.matcher(text).find();
        }
        JsonNode expect = v.expect();
        Set<Integer> allowed = new TreeSet<>();
        expect.path("status").forEach(s -> allowed.add(s.asInt()));
        String where = v.file() + " \"" + v.name() + "\" (" + String.join(", ", clauses) + ", allows "
                + allowed + (expect.path("orClose").asBoolean() ? " or a close" : "") + "): ";
        List<String> out = new ArrayList<>();
        for (int status : allowed) {
            // A success is the answer to a request that is valid after all; no clause needs to name it.
            if (status >= 300 && !named.contains(status)) {
                out.add(where + status + " is named by none of its clauses (they name " + named + ")");
            }
        }
        if (expect.path("orClose").asBoolean() && !closeAllowed) {
            out.add(where + "a close is allowed, but none of its clauses lets a server close instead of answering");
        }
        if (allowed.isEmpty() || allowed.stream().allMatch(s -> s < 300)) {
            return out; // a request that must succeed: the grants below are for refusals
        }
        String request = new String(v.request(), StandardCharsets.ISO_8859_1);
        Matcher version = VERSION.matcher(request);
        if (version.find() && !version.group(1).equals("1") && !allowed.contains(505)) {
            out.add(where + "6.3.3 allows 505 for a request whose HTTP major version is not 1");
        }
        if (announcedLength(request).compareTo(BODY_LIMIT) > 0 && !allowed.contains(413)) {
            out.add(where + "it announces a body over 16 MiB, which 7.2.2 answers 413");
        }
        return out;
    }

    /** The body length the head announces (Content-Length, or the first chunk's size); 0 when none. */
    private static BigInteger announcedLength(String request) {
        Matcher cl = CONTENT_LENGTH.matcher(request);
        if (cl.find()) {
            return new BigInteger(cl.group(1));
        }
        Matcher chunk = FIRST_CHUNK_SIZE.matcher(request);
        if (CHUNKED.matcher(request).find() && chunk.find()) {
            return new BigInteger(chunk.group(1), 16);
        }
        return BigInteger.ZERO;
    }
}
