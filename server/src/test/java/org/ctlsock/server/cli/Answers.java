package org.ctlsock.server.cli;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ctlsock.server.testing.RawConnection;

/**
 * What a crowd of connections got: for each, a status, a close without an answer, a refused
 * connect, or nothing before the shared deadline (a hang: the one outcome a server under
 * pressure must never give).
 */
final class Answers {
  static final String CLOSED = "closed without an answer";
  static final String REFUSED = "connect refused";
  static final String SILENT = "no answer before the deadline";

  private final Map<String, Integer> counts = new TreeMap<>();

  void add(String outcome) {
    counts.merge(outcome, 1, Integer::sum);
  }

  int count(String outcome) {
    return counts.getOrDefault(outcome, 0);
  }

  /** Outcomes that are neither one of {@code statuses} nor a close or refusal. */
  List<String> undefined(int... statuses) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      boolean ok = e.getKey().equals(CLOSED) || e.getKey().equals(REFUSED);
      for (int s : statuses) {
        ok |= e.getKey().equals(Integer.toString(s));
      }
      if (!ok) {
        bad.add(e.getKey() + " x" + e.getValue());
      }
    }
    return bad;
  }

  @Override
  public String toString() {
    return counts.toString();
  }

  /** Opens {@code n} connections (a refused connect is recorded, not thrown). */
  static List<RawConnection> open(Path socket, int n, Answers answers) {
    List<RawConnection> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        open.add(RawConnection.open(socket));
      } catch (IOException e) {
        answers.add(REFUSED);
      }
    }
    return open;
  }

  /** Sends {@code request} on every connection, then reads every answer within one shared deadline. */
  static Answers exchangeAll(List<RawConnection> connections, byte[] request, Duration within, Answers answers) {
    List<RawConnection> sent = new ArrayList<>();
    for (RawConnection c : connections) {
      try {
        c.send(request);
        sent.add(c);
      } catch (IOException e) {
        answers.add(CLOSED); // the server closed it already (a refusal it answered before we wrote)
      }
    }
    long end = System.nanoTime() + within.toNanos();
    for (RawConnection c : sent) {
      answers.add(readOne(c, end));
    }
    return answers;
  }

  private static String readOne(RawConnection c, long endNanos) {
    try {
      c.readTimeout((int) Math.min(Integer.MAX_VALUE, Duration.ofNanos(endNanos - System.nanoTime()).toMillis()));
      return Integer.toString(c.read().status());
    } catch (SocketTimeoutException e) {
      return SILENT;
    } catch (IOException e) {
      return CLOSED;
    }
  }

  static void closeAll(List<RawConnection> connections) {
    for (RawConnection c : connections) {
      try {
        c.close();
      } catch (IOException e) {
        // closed already
      }
    }
  }
}
