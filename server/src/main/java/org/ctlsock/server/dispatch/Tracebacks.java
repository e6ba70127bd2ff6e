package org.ctlsock.server.dispatch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.ctlsock.server.TracebackPolicy;

/**
 * The 500 body for a failed command (spec 6.2): the exception as Java prints it (type, message,
 * frames, causes), or only type and message when the operator limits what peers see (10.2). The
 * server's own frames below the command are cut: they say nothing about the failure.
 */
final class Tracebacks {
  private Tracebacks() {}

  static String format(Throwable failure, TracebackPolicy policy) {
    if (policy == TracebackPolicy.TYPE_AND_MESSAGE) {
      return failure.toString() + "\n";
    }
    cutServerFrames(failure);
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static void cutServerFrames(Throwable failure) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      cutServerFramesOf(t);
      for (Throwable suppressed : t.getSuppressed()) {
        cutServerFramesOf(suppressed);
      }
    }
  }

  private static void cutServerFramesOf(Throwable failure) {
    StackTraceElement[] frames = failure.getStackTrace();
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().equals(CommandRoute.class.getName())) {
        try {
          failure.setStackTrace(Arrays.copyOf(frames, i));
        } catch (RuntimeException e) {
          // an exception with an immutable stack trace: print it whole
        }
        return;
      }
    }
  }
}
