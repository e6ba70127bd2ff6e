package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * TEST-ctlsock.xml, which the jar writes for CI servers, is a valid Surefire report (the XSD in
 * src/test/resources), and says the same as report.json: a FAIL is a failure with the evidence.
 */
class JunitXmlReportTest {

    private static void validate(Path xml) throws SAXException, IOException {
        URL xsd = JunitXmlReportTest.class.getResource("/surefire-test-report.xsd");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator v = f.newSchema(xsd).newValidator();
        v.validate(new StreamSource(xml.toFile()));
    }

    @Test
    void passingRunIsAValidSurefireReport() throws Exception {
        Path xml = SampleRuns.reference().file("TEST-ctlsock.xml");
        validate(xml);
        Document d = parse(xml);
        Element suite = d.getDocumentElement();
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).as("cases of section 4.1").isGreaterThan(3);
    }

    @Test
    void failureCarriesTheEvidence() throws Exception {
        Path xml = SampleRuns.wrong().file("TEST-ctlsock.xml");
        validate(xml);
        Element suite = parse(xml).getDocumentElement();
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        NodeList failures = suite.getElementsByTagName("failure");
        Element failure = (Element) failures.item(0);
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("name")).isEqualTo("4.1.1/answersHttp11WithHttp11");
        assertThat(testcase.getAttribute("classname")).endsWith("Section4_1_VersionsAndHostTest");
        assertThat(failure.getTextContent()).contains("<< HTTP/1.0 200 OK");
    }

    @Test
    void theSchemaRejectsAReportWithoutCounts(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path bad = dir.resolve("TEST-bad.xml");
        Files.writeString(bad, "<testsuite name=\"x\" tests=\"1\"><testcase name=\"a\" time=\"1,5\"/></testsuite>",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> validate(bad)).isInstanceOf(SAXException.class);
    }

    private static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }
}
