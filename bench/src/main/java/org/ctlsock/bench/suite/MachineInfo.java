package org.ctlsock.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.process.Finished;
import org.ctlsock.process.Launch;

/** The facts about the machine and the toolchains that a benchmark figure is meaningless without. */
public final class MachineInfo {

    private MachineInfo() {
    }

    /** One line: cores, CPU, memory, kernel, then each runtime's version. */
    public static String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(Runtime.getRuntime().availableProcessors() + " cores");
        parts.add(cpuModel());
        parts.add(memTotal());
        parts.add("Linux " + read("/proc/sys/kernel/osrelease"));
        parts.add("JDK " + firstLine("java", "-version").replaceFirst("^\\S+ version ", "").replace("\"", ""));
        parts.add(firstLine("python3", "--version"));
        parts.add("Node.js " + firstLine("node", "--version"));
        parts.add(firstLine("go", "version").replaceFirst("^go version go", "Go ").replaceFirst(" linux/.*$", ""));
        parts.add(firstLine("nginx", "-v").replaceFirst("^nginx version: ", ""));
        return String.join(", ", parts);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Falls through.
        }
        return "unknown CPU";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(java.util.Locale.ROOT, "%.0f GiB RAM", kib / 1048576.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Falls through.
        }
        return "unknown RAM";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first line a program prints (stdout or stderr) for its version, or "PROGRAM: absent". */
    static String firstLine(String... command) {
        try {
            Finished f = Launch.of(command).run(Duration.ofSeconds(20));
            if (f.exitStatus() == 127) {
                return command[0] + ": absent";
            }
            String first = (f.stdout() + f.stderr()).lines().findFirst().orElse("").trim();
            return first.isEmpty() ? command[0] + ": no version" : first;
        } catch (IOException e) {
            return command[0] + ": absent";
        }
    }
}
