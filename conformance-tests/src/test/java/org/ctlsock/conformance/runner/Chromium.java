package org.ctlsock.conformance.runner;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for the report's browser checks. Where it is missing the check is skipped with
 * the reason; under {@code CI=true} a missing browser is a failure (install Debian's {@code chromium}).
 */
final class Chromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    static Chromium require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String why = "no headless browser: none of " + NAMES + " is on the PATH (and $CHROMIUM is not set); "
                    + "install one with apt-get install -y chromium";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " — required when CI=true");
            }
            Assumptions.abort(why);
        }
        return new Chromium(found.get());
    }

    private static Optional<Path> find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(":")) {
            for (String name : NAMES) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's scripts ran, serialized. */
    String dumpDom(Path html, Path work) throws IOException, InterruptedException {
        return run(work, List.of("--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()), null);
    }

    /** A PNG of the page at the given window size. */
    void screenshot(Path html, Path png, Path work, int width, int height) throws IOException, InterruptedException {
        run(work, List.of("--window-size=" + width + "," + height, "--screenshot=" + png, html.toUri().toString()), png);
    }

    private String run(Path work, List<String> args, Path expectedFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + cmd);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || (expectedFile != null && !Files.isRegularFile(expectedFile))) {
            fail("chromium failed (exit " + p.exitValue() + "): " + cmd + "\n" + Files.readString(err));
        }
        return stdout;
    }
}
