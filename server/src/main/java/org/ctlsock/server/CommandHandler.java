package org.ctlsock.server;

/**
 * The code behind a command. Its return value becomes the 200 answer (spec 6.1): a
 * {@link CharSequence} or a JSON string node is sent as {@code text/plain; charset=utf-8}
 * verbatim; {@code null} (or a JSON null) is answered {@code Success}; anything else (a
 * {@link com.fasterxml.jackson.databind.JsonNode}, number, boolean, list, map or bean) is sent as
 * {@code application/json}. Whatever it throws becomes the 500 answer with the traceback (6.2).
 */
@FunctionalInterface
public interface CommandHandler {
  Object handle(Arguments arguments, CallContext context) throws Exception;
}
