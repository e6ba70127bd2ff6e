package org.ctlsock.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ctlsock.bench.http.HttpRequestTemplate;
import org.ctlsock.bench.http.HttpResponseReader;
import org.ctlsock.bench.load.Connection;
import org.ctlsock.bench.load.BlockingEngine;
import org.ctlsock.bench.load.Connector;
import org.ctlsock.bench.load.Engine;
import org.ctlsock.bench.load.EventLoopEngine;
import org.ctlsock.bench.load.JdkChannelConnector;
import org.ctlsock.bench.load.JunixsocketConnector;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadRun;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.proc.ListeningSocketOwners;
import org.ctlsock.bench.proc.PeerProcess;
import org.ctlsock.bench.proc.ServerProcesses;

/** {@code load}: one load run against a socket, printed as text or JSON. */
public final class LoadCommand {

    static final Set<String> VALUED = Set.of("socket", "clients", "duration", "warmup", "method", "path", "body",
            "body-file", "header", "timeout", "server-pid", "connector", "engine", "threads");
    static final Set<String> FLAGS = Set.of("keepalive", "close", "json", "print-response");

    private LoadCommand() {
    }

    public static int run(List<String> args, PrintStream out) throws UsageException, IOException, InterruptedException {
        OptionParser o = OptionParser.parse(args, VALUED, FLAGS);
        LoadSpec spec = spec(o);
        Connector connector = connector(o.get("connector", "jdk"), spec);
        if (o.has("print-response")) {
            return printOneResponse(spec, connector, out);
        }
        ServerProcesses server = serverProcesses(o.get("server-pid", "auto"), spec.socket());
        LoadResult result = new LoadRun(spec, engine(o), server).run();
        if (o.has("json")) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(LoadReport.json(result)));
        } else {
            out.print(LoadReport.text(result));
        }
        // A run in which nothing succeeded is a failure a script should notice.
        return result.successes() > 0 ? 0 : 1;
    }

    static LoadSpec spec(OptionParser o) throws UsageException, IOException {
        Path socket = Path.of(o.required("socket"));
        if (o.has("keepalive") && o.has("close")) {
            throw new UsageException("--keepalive and --close contradict each other");
        }
        byte[] body = null;
        if (o.has("body") && o.has("body-file")) {
            throw new UsageException("give --body or --body-file, not both");
        }
        if (o.has("body")) {
            body = o.get("body", "").getBytes(StandardCharsets.UTF_8);
        } else if (o.has("body-file")) {
            body = Files.readAllBytes(Path.of(o.get("body-file", "")));
        }
        String method = o.get("method", body == null ? "GET" : "POST");
        boolean keepAlive = !o.has("close");
        HttpRequestTemplate request;
        try {
            request = HttpRequestTemplate.of(method, o.get("path", "/echo"), body, o.all("header"), !keepAlive);
            Duration duration = o.duration("duration", Duration.ofSeconds(10));
            return new LoadSpec(socket, o.intValue("clients", 16), o.duration("warmup", Duration.ofSeconds(1)),
                    duration, keepAlive, request, o.duration("timeout", Duration.ofSeconds(10)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * {@code --engine blocking} (a thread per client, over {@code --connector}) or {@code nio}
     * (event loops over JDK channels, {@code --threads} of them, 2 by default).
     */
    static Engine engine(OptionParser o) throws UsageException {
        String name = o.get("engine", "nio");
        String connector = o.get("connector", "jdk");
        switch (name) {
            case "blocking":
                try {
                    return BlockingEngine.named(connector);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--connector needs jdk or junixsocket, not " + connector);
                }
            case "nio":
                if (!connector.equals("jdk")) {
                    throw new UsageException("--engine nio uses the JDK's channels: --connector applies to --engine blocking");
                }
                int threads = o.intValue("threads", 2);
                if (threads < 1) {
                    throw new UsageException("--threads needs a positive number");
                }
                return new EventLoopEngine(threads);
            default:
                throw new UsageException("--engine needs blocking or nio, not " + name);
        }
    }

    static Connector connector(String name, LoadSpec spec) throws UsageException, IOException {
        switch (name) {
            case "junixsocket":
                return new JunixsocketConnector(spec.socket().toFile(), (int) spec.readTimeout().toMillis());
            case "jdk":
                return new JdkChannelConnector(spec.socket());
            default:
                throw new UsageException("--connector needs junixsocket or jdk, not " + name);
        }
    }

    /**
     * The server's processes: {@code auto} finds the holders of the listening socket, {@code none}
     * measures nothing, otherwise a comma-separated list of pids.
     */
    static ServerProcesses serverProcesses(String choice, Path socket) throws UsageException, IOException {
        if (choice.equals("none")) {
            return null;
        }
        if (choice.equals("auto")) {
            List<Long> pids = ListeningSocketOwners.find(socket, List.of());
            if (pids.isEmpty()) {
                // Bound elsewhere and linked into place: ask who answers a connection instead.
                pids = PeerProcess.of(socket).map(List::of).orElse(List.of());
            }
            return pids.isEmpty() ? null : new ServerProcesses(pids);
        }
        List<Long> pids = new ArrayList<>();
        for (String p : choice.split(",")) {
            try {
                pids.add(Long.parseLong(p.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--server-pid needs auto, none or pids separated by commas, not " + choice);
            }
        }
        return new ServerProcesses(pids);
    }

    private static int printOneResponse(LoadSpec spec, Connector connector, PrintStream out) throws IOException {
        try (Connection c = connector.open()) {
            c.out().write(spec.request().bytes());
            c.out().flush();
            HttpResponseReader reader = new HttpResponseReader(c.in());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            reader.captureBodiesInto(body);
            int status = reader.readResponse(spec.request().isHead());
            out.println("status " + status + (reader.keepAlive() ? " (keep-alive)" : " (connection closes)"));
            out.println(body.toString(StandardCharsets.UTF_8));
            return status >= 200 && status < 300 ? 0 : 1;
        }
    }
}
