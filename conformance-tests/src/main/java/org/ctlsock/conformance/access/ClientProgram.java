package org.ctlsock.conformance.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link ForeignClientMain}, runnable by any user: its class file copied once per
 * kit run into a fresh directory under /tmp that every user may read (the kit's own class path is
 * usually in root's home, which other users cannot search), run by the kit's own {@code java}.
 */
final class ClientProgram {
    private static final Map<Class<?>, Path> CLASS_DIRS = new HashMap<>();

    private ClientProgram() {
    }

    /** {@code java … -cp DIR org.ctlsock.conformance.access.ForeignClientMain}. */
    static List<String> commandLine() {
        return commandLine(ForeignClientMain.class);
    }

    /**
     * {@code java … -cp DIR <main>} for a single-class program of this package (no nested classes: only
     * its own class file is copied), runnable by any user.
     */
    static synchronized List<String> commandLine(Class<?> main) {
        Path classDir = CLASS_DIRS.computeIfAbsent(main, ClientProgram::copyClass);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Startup time matters more than peak speed for a client that sends a few requests.
        return new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xshare:auto", "-Xmx32m", "-cp", classDir.toString(), main.getName()));
    }

    private static Path copyClass(Class<?> main) {
        String name = main.getName().replace('.', '/') + ".class";
        try (InputStream in = main.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("class file " + name + " not found on the kit's class path");
            }
            Path root = Files.createTempDirectory(Path.of("/tmp"), "ctlsock-client-");
            Path file = root.resolve(name);
            List<Path> dirs = new ArrayList<>();
            for (Path d = file.getParent(); !d.equals(root); d = d.getParent()) {
                dirs.add(0, d);
            }
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path d : dirs) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            // deleteOnExit runs in reverse order of registration: the file first, then its directories.
            root.toFile().deleteOnExit();
            dirs.forEach(d -> d.toFile().deleteOnExit());
            file.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the foreign client program", e);
        }
    }
}
