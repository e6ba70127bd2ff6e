package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;

/**
 * Keeps surefire-test-report.xsd honest: the reports Surefire itself wrote for this build's unit tests must
 * validate against it, or the XSD that TEST-ctlsock.xml is checked with does not describe Surefire's format.
 * (The clause tests no longer run under Surefire: the kit's own launcher runs them and writes TEST-ctlsock.xml.)
 */
class SurefireXsdCalibrationIT {

    @Test
    void surefiresOwnReportsValidate() throws Exception {
        Path dir = Path.of("target", "surefire-reports");
        List<Path> reports;
        try (Stream<Path> files = Files.list(dir)) {
            reports = files.filter(p -> p.getFileName().toString().startsWith("TEST-org.ctlsock.conformance.")
                    && !p.getFileName().toString().startsWith("TEST-org.ctlsock.conformance.clauses.")).sorted().toList();
        }
        assertThat(reports).as("surefire reports of the unit tests in " + dir.toAbsolutePath()).isNotEmpty();
        Validator v = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(SurefireXsdCalibrationIT.class.getResource("/surefire-test-report.xsd")).newValidator();
        for (Path r : reports) {
            v.validate(new StreamSource(r.toFile()));
        }
    }
}
