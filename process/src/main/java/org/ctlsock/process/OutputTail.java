package org.ctlsock.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of an output file, for failure messages: a chatty process must not flood them. */
public final class OutputTail {
    public static final int DEFAULT_BYTES = 4000;

    private OutputTail() {
    }

    /** The last {@code maxBytes} bytes, prefixed with how many came before; "" when there is no such file. */
    public static String of(Path file, int maxBytes) {
        if (file == null) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - maxBytes);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            return from > 0 ? "… (" + from + " bytes before)\n" + s : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** The whole file, or "" when it cannot be read. */
    public static String all(Path file) {
        try {
            return file == null ? "" : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
