package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * report.html as a person sees it, in a real headless browser: it renders, the failing case is open with
 * its wire log and the server's stderr visible, a passing case shows its wire log once expanded, and the
 * page needs nothing from outside.
 */
class HtmlReportBrowserTest {
    private static final String FAILING = "4.1.1/answersHttp11WithHttp11";

    /**
     * A copy of the report with a probe appended: it records the rendered text (innerText, which leaves out
     * what a closed {@code <details>} hides) of two cases before and after opening every {@code <details>}.
     */
    private static Path probe(Path report, Path dir, String passingCase) throws IOException {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        String script = """
                <script>
                function text(id){const d=document.querySelector('details[data-case="'+id+'"]');return d?d.innerText:'MISSING';}
                const r={failBefore:text(%s),passBefore:text(%s),failOpen:!!document.querySelector('details[data-case="'+%s+'"][open]')};
                document.querySelectorAll('details').forEach(d=>d.open=true);
                r.passAfter=text(%s);
                const out=document.createElement('pre');out.id='probe-result';out.textContent=JSON.stringify(r);
                document.body.appendChild(out);
                </script>
                """.formatted(js(FAILING), js(passingCase), js(FAILING), js(passingCase));
        Path copy = dir.resolve("report-probe.html");
        Files.writeString(copy, html.replace("</body>", script + "</body>"), StandardCharsets.UTF_8);
        return copy;
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void failingCaseShowsItsEvidenceAndPassingCaseExpands() throws Exception {
        Chromium chromium = Chromium.require();
        SampleRuns.Run run = SampleRuns.wrong();
        String passing = passingCaseOf(SampleRuns.reference());
        // The page of the failing run gets the passing case of the reference run appended, so that one page
        // holds both kinds: the failing report is checked as written, the probe only reads it.
        Path dir = SampleRuns.workDir("browser");
        Files.createDirectories(dir);
        Path page = probe(run.file("report.html"), dir, FAILING);
        String dom = chromium.dumpDom(page, dir);
        Matcher m = Pattern.compile("<pre id=\"probe-result\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the probe ran in the browser; DOM:\n" + cut(dom)).isTrue();
        String result = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
        assertThat(result).as("the failing case is open from the start").contains("\"failOpen\":true");
        assertThat(field(result, "failBefore")).as("rendered text of the failing case, not expanded by anyone")
                .contains("<< HTTP/1.0 200 OK")
                .contains("http10-only: answered").contains("server output");

        Path refPage = probe(SampleRuns.reference().file("report.html"), dir, passing);
        String refDom = chromium.dumpDom(refPage, dir);
        Matcher r = Pattern.compile("<pre id=\"probe-result\">(.*?)</pre>", Pattern.DOTALL).matcher(refDom);
        assertThat(r.find()).as("the probe ran in the browser on the passing report").isTrue();
        String ref = r.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
        String before = field(ref, "passBefore");
        String after = field(ref, "passAfter");
        assertThat(before).as("a passing case is closed: its wire log is not rendered").doesNotContain("wire log");
        assertThat(after).as("once expanded, the passing case shows its wire log").contains("wire log")
                .contains("<< HTTP/1.1 200");
    }

    @Test
    void rendersToAScreenshot() throws Exception {
        Chromium chromium = Chromium.require();
        Path dir = SampleRuns.workDir("browser");
        Files.createDirectories(dir);
        Path png = dir.resolve("report-failing.png");
        Files.deleteIfExists(png);
        chromium.screenshot(SampleRuns.wrong().file("report.html"), png, dir, 1200, 1600);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).as("size of the screenshot " + png).isGreaterThan(20_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void needsNothingFromOutside() throws IOException {
        String html = Files.readString(SampleRuns.wrong().file("report.html"), StandardCharsets.UTF_8);
        assertThat(html).as("external references (scripts, styles, images, fonts)")
                .doesNotContainPattern("(?i)<(script|img|link|iframe)[^>]*\\b(src|href)=")
                .doesNotContainPattern("(?i)url\\(")
                .doesNotContain("@import");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">");
    }

    private static String passingCaseOf(SampleRuns.Run run) throws IOException {
        String html = Files.readString(run.file("report.html"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<details class=\"case pass\" data-case=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a passing case in the reference run's report").isTrue();
        return m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String field(String json, String name) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(name).asText();
    }

    private static String cut(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
