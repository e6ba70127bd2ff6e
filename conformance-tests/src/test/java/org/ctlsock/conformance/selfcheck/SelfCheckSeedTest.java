package org.ctlsock.conformance.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-check's seed: given, or the same for every build of a commit, or fixed outside a checkout. */
class SelfCheckSeedTest {
    @Test
    void aGivenSeedWins() {
        SelfCheckSeed s = SelfCheckSeed.of(" 42 ", Path.of("."));
        assertThat(s.value()).isEqualTo(42);
        assertThat(s.describe()).contains("-Dctlsock.seed=42");
    }

    @Test
    void aGivenSeedThatIsNotANumberIsRefusedWithTheValue() {
        assertThatThrownBy(() -> SelfCheckSeed.of("abc", Path.of("."))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"abc\"");
    }

    @Test
    void aCommitGivesItsFirst15HexDigits() {
        SelfCheckSeed s = SelfCheckSeed.fromCommit("066dad4f0123456789abcdef0123456789abcdef");
        assertThat(s.value()).isEqualTo(0x066dad4f0123456L);
        assertThat(s.source()).isEqualTo("from commit 066dad4f0123");
        assertThat(SelfCheckSeed.fromCommit("ffffffffffffffffffffffffffffffffffffffff").value()).isPositive();
    }

    @Test
    void twoBuildsOfOneCheckoutGetOneSeed() {
        Path here = Path.of(".").toAbsolutePath();
        SelfCheckSeed first = SelfCheckSeed.of("", here);
        assumeTrue(first.source().startsWith("from commit"), () -> "not built from a git checkout: " + first.source());
        assertThat(SelfCheckSeed.of(null, here)).isEqualTo(first);
    }

    @Test
    void outsideACheckoutTheSeedIsFixed(@TempDir Path dir) throws IOException {
        Path notACheckout = Files.createDirectory(dir.resolve("source-archive"));
        assumeTrue(!Files.exists(dir.resolve(".git")), "the temporary directory is inside a git checkout");
        SelfCheckSeed s = SelfCheckSeed.of("", notACheckout);
        assertThat(s.value()).isEqualTo(SelfCheckSeed.FIXED);
        assertThat(s.source()).startsWith("fixed");
    }
}
