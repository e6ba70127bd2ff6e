package org.ctlsock.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.ctlsock.bench.cli.BenchCommand;
import org.ctlsock.bench.cli.CeilingCommand;
import org.ctlsock.bench.cli.LoadCommand;
import org.ctlsock.bench.cli.SoakCommand;
import org.ctlsock.bench.cli.UsageException;

/**
 * {@code java -jar ctlsock-bench.jar load|bench|soak|ceiling [options]}. Exit status: 0 success, 1 the run
 * failed (no successful response, a server did not start), 2 a usage error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            System.out.print(Usage.TEXT);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "load":
                    return LoadCommand.run(rest, System.out);
                case "bench":
                    return BenchCommand.run(rest, System.out);
                case "soak":
                    return SoakCommand.run(rest, System.out);
                case "ceiling":
                    return CeilingCommand.run(rest);
                default:
                    throw new UsageException("unknown command: " + args.get(0) + " (load, bench, soak, ceiling or help)");
            }
        } catch (UsageException e) {
            System.err.println("ctlsock-bench: " + e.getMessage());
            System.err.println("Run 'java -jar ctlsock-bench.jar help' for the options.");
            return 2;
        } catch (IOException e) {
            System.err.println("ctlsock-bench: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("ctlsock-bench: interrupted");
            return 1;
        }
    }
}
