package org.ctlsock.conformance.selfcheck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The seed the self-check gives every run of the kit ({@code --seed}, which also seeds the fuzz property): the same
 * for every build of one commit, another for the next commit.
 *
 * <p>With the kit's default, a fresh seed per property in every run, a clean clone of a commit could pass and CI's
 * run of that same commit fail: the fuzz property found a defect of the Node fixture (a 100 Continue inside a
 * pipelined response) in one CI run after several clean ones. A seed taken from the commit makes a verdict
 * reproducible, and the search for new inputs goes on from commit to commit. {@code -Dctlsock.seed=N} sets it
 * (the same property seeds the build's run against the reference server); outside a git checkout it is fixed.
 *
 * @param value  the seed
 * @param source where it came from, for the self-check's report
 */
record SelfCheckSeed(long value, String source) {
    /** Outside a git checkout (a source archive): the seed the kit's documentation uses in its examples. */
    static final long FIXED = 19;
    private static final long GIT_DEADLINE_SECONDS = 20;

    /**
     * @param given      the value of {@code -Dctlsock.seed} (empty or null when not set)
     * @param projectDir a directory inside the project's git checkout
     */
    static SelfCheckSeed of(String given, Path projectDir) {
        if (given != null && !given.isBlank()) {
            try {
                return new SelfCheckSeed(Long.parseLong(given.trim()), "-Dctlsock.seed=" + given.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Dctlsock.seed must be a whole number, not \"" + given + "\"", e);
            }
        }
        String commit = headCommit(projectDir);
        if (commit == null) {
            return new SelfCheckSeed(FIXED, "fixed: git finds no commit at " + projectDir);
        }
        return fromCommit(commit);
    }

    /** The first 15 hex digits of the commit id (60 bits, so the seed is never negative). */
    static SelfCheckSeed fromCommit(String commit) {
        if (!commit.matches("[0-9a-f]{15,}")) {
            throw new IllegalArgumentException("not a commit id: \"" + commit + "\"");
        }
        return new SelfCheckSeed(Long.parseLong(commit.substring(0, 15), 16),
                "from commit " + commit.substring(0, 12));
    }

    /** The commit checked out at {@code dir}, or null when git is missing or {@code dir} is not in a checkout. */
    private static String headCommit(Path dir) {
        Path out = null;
        try {
            // Into a file, not a pipe: a git that hangs cannot then hold a read without a deadline.
            out = Files.createTempFile("selfcheck-git-head", ".txt");
            Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--verify", "HEAD")
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(GIT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String commit = Files.readString(out, StandardCharsets.US_ASCII).trim();
            return p.exitValue() == 0 && commit.matches("[0-9a-f]{40,64}") ? commit : null;
        } catch (IOException e) {
            return null; // no git on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }

    /** How the report says where the seed came from, and how to replay it. */
    String describe() {
        return "seed " + value + " (" + source + "; -Dctlsock.seed=" + value + " replays it)";
    }
}
