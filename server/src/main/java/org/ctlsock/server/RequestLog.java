package org.ctlsock.server;

/** Receives one record per answered request. Called on the connection's thread: keep it quick. */
@FunctionalInterface
public interface RequestLog {
  /**
   * @param peerUid the peer's uid, or -1 when unknown
   * @param method the request method token as sent
   * @param command the decoded command name, or the raw target when it names no command
   * @param status the response status code
   * @param durationNanos from the first byte of the request head to the response being flushed
   */
  void requestDone(long peerUid, String method, String command, int status, long durationNanos);
}
