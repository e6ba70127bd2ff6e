package org.ctlsock.server.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ctlsock.server.Limits;
import org.ctlsock.server.socketfile.Modes;

/** The parsed command line of {@code ctlsock-server [options] SOCKET_PATH}. */
final class CliOptions {
  String socketPath;
  Integer mode;
  String group;
  final Set<Long> allowUids = new LinkedHashSet<>();
  final Set<Long> allowGids = new LinkedHashSet<>();
  Limits limits = Limits.DEFAULTS;
  Duration grace = Duration.ofSeconds(8);
  boolean noTracebackFrames;
  boolean quiet;
  boolean help;
  boolean version;

  static final String USAGE =
      String.join(
          "\n",
          "Usage: ctlsock-server [options] SOCKET_PATH",
          "",
          "Serves the ctlsock conformance commands (echo, echo-post, fail, nothing, text, value,",
          "sleep, whoami) as HTTP over a Unix domain socket at SOCKET_PATH. GET /cmd?args=J",
          "(J a percent-encoded JSON array) passes arguments too.",
          "",
          "Socket file:",
          "  --mode OCTAL              the socket's permission bits, e.g. 0660 (default: 0777 & ~umask)",
          "  --group NAME-OR-GID       the socket's group (default: the directory's if set-group-ID, else ours)",
          "Access:",
          "  --allow-uid UID           serve only peers with this uid (repeatable; with --allow-gid: either)",
          "  --allow-gid GID           serve only peers with this gid (repeatable)",
          "  --no-traceback-frames     500 bodies carry only the error's type and message",
          "Limits:",
          "  --max-body BYTES          largest request body (default 16777216); larger is 413",
          "  --max-request-line BYTES  longest request line (default 16384); longer is 414",
          "  --max-head BYTES          largest request head (default 65536); larger is 431",
          "  --max-headers N           most header fields (default 1000); more is 431",
          "  --max-json-depth N        deepest nesting of the arguments (default 512); deeper is 400",
          "  --max-connections N       connections served at once (default 1024); more get 503",
          "  --body-memory BYTES       heap that connections and requests may hold together, bodies",
          "                            counted as parsed (default half the heap beyond 16 MiB); what",
          "                            does not fit gets 503",
          "  --idle-timeout DURATION   close connections idle this long (default 60s)",
          "  --read-timeout DURATION   408 when a request takes longer to arrive (default 30s)",
          "  --write-timeout DURATION  drop a connection whose client does not read its answer (default 30s)",
          "  --grace DURATION          on SIGTERM/SIGINT, how long requests in progress may finish (default 8s)",
          "Other:",
          "  --quiet, -q               no per-request log lines on standard error",
          "  --help, -h                this text",
          "  --version, -V             the program and protocol versions",
          "",
          "DURATION is seconds (30, 0.5) or has a unit: 500ms, 30s, 5m.",
          "When LISTEN_PID is this process and LISTEN_FDS=1 (systemd socket activation), the",
          "socket is file descriptor 3 and SOCKET_PATH is never created, changed or removed.",
          "",
          "Exit status: 0 stopped by SIGTERM/SIGINT, 1 internal error, 2 usage, 3 bad path,",
          "4 a live server is on the path, 5 not a socket at the path, 6 permission denied,",
          "7 group unknown or not settable.",
          "");

  static CliOptions parse(String[] argv) throws UsageException {
    CliOptions o = new CliOptions();
    List<String> positional = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help":
        case "-h":
          o.help = true;
          noValue(name, inlineValue);
          break;
        case "--version":
        case "-V":
          o.version = true;
          noValue(name, inlineValue);
          break;
        case "--quiet":
        case "-q":
          o.quiet = true;
          noValue(name, inlineValue);
          break;
        case "--no-traceback-frames":
          o.noTracebackFrames = true;
          noValue(name, inlineValue);
          break;
        default:
          String value = inlineValue;
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new UsageException("option " + name + " needs a value");
            }
            value = argv[++i];
          }
          o.apply(name, value);
      }
    }
    if (o.help || o.version) {
      return o;
    }
    if (positional.isEmpty()) {
      throw new UsageException("missing SOCKET_PATH");
    }
    if (positional.size() > 1) {
      throw new UsageException("one SOCKET_PATH expected, got " + positional.size() + ": " + String.join(" ", positional));
    }
    o.socketPath = positional.get(0);
    return o;
  }

  private static void noValue(String name, String inlineValue) throws UsageException {
    if (inlineValue != null) {
      throw new UsageException("option " + name + " takes no value");
    }
  }

  private void apply(String name, String value) throws UsageException {
    switch (name) {
      case "--mode":
        try {
          mode = Modes.parseOctal(value);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--mode: " + e.getMessage());
        }
        break;
      case "--group":
        if (value.isEmpty()) {
          throw new UsageException("--group needs a group name or gid");
        }
        group = value;
        break;
      case "--allow-uid":
        allowUids.add(id(name, value));
        break;
      case "--allow-gid":
        allowGids.add(id(name, value));
        break;
      case "--max-body":
      case "--max-body-bytes":
        limits = limits.withMaxBodyBytes(number(name, value, 0, Integer.MAX_VALUE - 16));
        break;
      case "--body-memory":
        limits = limits.withBodyMemoryBudget(number(name, value, 1, Long.MAX_VALUE / 2));
        break;
      case "--max-request-line":
        limits = limits.withMaxRequestLineBytes((int) number(name, value, 64, 1 << 24));
        if (limits.maxHeadBytes() < limits.maxRequestLineBytes()) {
          limits = limits.withMaxHeadBytes(limits.maxRequestLineBytes());
        }
        break;
      case "--max-head":
        limits = limits.withMaxHeadBytes((int) number(name, value, limits.maxRequestLineBytes(), 1 << 24));
        break;
      case "--max-headers":
        limits = limits.withMaxHeaderCount((int) number(name, value, 1, 100_000));
        break;
      case "--max-json-depth":
        limits = limits.withMaxJsonDepth((int) number(name, value, 1, 10_000));
        break;
      case "--max-connections":
        limits = limits.withMaxConnections((int) number(name, value, 1, 100_000));
        break;
      case "--idle-timeout":
        limits = limits.withIdleTimeout(duration(name, value, false));
        break;
      case "--read-timeout":
        limits = limits.withReadTimeout(duration(name, value, false));
        break;
      case "--write-timeout":
        limits = limits.withWriteTimeout(duration(name, value, false));
        break;
      case "--grace":
      case "--shutdown-grace":
        grace = duration(name, value, true);
        break;
      default:
        throw new UsageException("unknown option " + name);
    }
  }

  private static long id(String name, String value) throws UsageException {
    return number(name, value, 0, 0xFFFF_FFFEL);
  }

  private static long number(String name, String value, long min, long max) throws UsageException {
    if (value.isEmpty() || value.length() > 18 || !Digits.only(value)) {
      throw new UsageException(name + ": not a number: " + value);
    }
    long n = Long.parseLong(value);
    if (n < min || n > max) {
      throw new UsageException(name + ": " + value + " is out of range " + min + " to " + max);
    }
    return n;
  }

  static Duration duration(String name, String value, boolean zeroAllowed) throws UsageException {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long unitMillis = 1000;
    if (v.endsWith("ms")) {
      unitMillis = 1;
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      unitMillis = 60_000;
      v = v.substring(0, v.length() - 1);
    }
    double amount;
    try {
      int dot = v.indexOf('.');
      if (dot == 0 || dot == v.length() - 1 || !Digits.only(dot < 0 ? v : v.substring(0, dot) + v.substring(dot + 1))) {
        throw new NumberFormatException();
      }
      amount = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": not a duration: " + value + " (e.g. 30, 0.5, 500ms, 30s, 5m)");
    }
    long millis = Math.round(amount * unitMillis);
    if (millis > 24L * 3600 * 1000 || (!zeroAllowed && millis <= 0)) {
      throw new UsageException(name + ": " + value + " is out of range (" + (zeroAllowed ? "0" : "1ms") + " to 24h)");
    }
    return Duration.ofMillis(millis);
  }
}
