package org.ctlsock.server.http;

/** Maps a request head to what the server does with it. Implemented by the dispatch layer. */
public interface Router {
  Route route(RequestHead head, Peer peer);

  /**
   * The answer for a peer that may not use the server at all (the allow-list, spec 9.3.4), given as
   * soon as its connection is accepted and before anything is read; {@code null} to serve it.
   */
  default Response refusal(Peer peer) {
    return null;
  }
}
