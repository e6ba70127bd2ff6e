package org.ctlsock.bench.cli;

import java.io.PrintStream;
import java.util.List;

public final class BenchCommand {
    private BenchCommand() {
    }

    public static int run(List<String> args, PrintStream out) throws UsageException {
        throw new UsageException("not written yet");
    }
}
