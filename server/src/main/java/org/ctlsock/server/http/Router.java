package org.ctlsock.server.http;

/** Maps a request head to what the server does with it. Implemented by the dispatch layer. */
public interface Router {
  Route route(RequestHead head, Peer peer);
}
