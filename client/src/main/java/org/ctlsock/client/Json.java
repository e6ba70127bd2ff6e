package org.ctlsock.client;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper the client uses; ObjectMapper is thread-safe once configured. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
