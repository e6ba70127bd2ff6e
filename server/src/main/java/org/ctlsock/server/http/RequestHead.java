package org.ctlsock.server.http;

/**
 * What the dispatch layer needs of a request head: the method token as sent and the raw request
 * target (origin form {@code /echo?x} or absolute form {@code http://x/echo}).
 */
public record RequestHead(String method, String target) {}
