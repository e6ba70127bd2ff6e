package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.SettingValues;
import org.junit.jupiter.api.Test;

/**
 * A test factory split over classes with the same method name (the malformed corpus, so that its slow cut-off
 * family runs on more threads) is one case: listed once, and {@code --case} with its id or one of its values runs
 * every part, as it did when one class held the whole corpus.
 */
class CaseCatalogTest {

    @Test
    void aFactorySplitOverClassesIsOneCaseWithEveryPart() {
        CaseCatalog catalog = ConformanceCli.discover(
                ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}")), 1);
        List<CaseCatalog.Entry> corpus = catalog.entries().stream()
                .filter(e -> e.caseId().equals("no-clause/malformedCorpus")).toList();
        assertThat(corpus).as("entries of the corpus's id").hasSize(1);
        assertThat(corpus.get(0).uniqueIds()).as("the classes that run parts of the corpus")
                .anyMatch(id -> id.contains("[class:org.ctlsock.conformance.clauses.MalformedCorpusTest]"))
                .anyMatch(id -> id.contains("[class:org.ctlsock.conformance.clauses.MalformedCorpusCutOffFirstHalfTest]"))
                .anyMatch(id -> id.contains("[class:org.ctlsock.conformance.clauses.MalformedCorpusCutOffSecondHalfTest]"))
                .hasSize(3);
        assertThat(catalog.find("4.3.5/malformedCorpus[GET cut off in the method (also 7.3.1, 6.3.3)]"))
                .as("the case of one value of the corpus").contains(corpus.get(0));
    }

    @Test
    void ordinaryCasesHaveOneUniqueIdEach() {
        CaseCatalog catalog = ConformanceCli.discover(
                ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}")), 1);
        assertThat(catalog.entries()).filteredOn(e -> !e.caseId().equals("no-clause/malformedCorpus"))
                .allMatch(e -> e.uniqueIds().size() == 1);
    }
}
