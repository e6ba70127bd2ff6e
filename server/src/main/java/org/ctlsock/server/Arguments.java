package org.ctlsock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The JSON values a client passed to a command, in order (spec 5.3.2). */
public final class Arguments implements Iterable<JsonNode> {
  private static final Arguments NONE = new Arguments(JsonNodeFactory.instance.arrayNode());

  private final ArrayNode values;

  private Arguments(ArrayNode values) {
    this.values = values;
  }

  /** Wraps a parsed array; the array must not be changed afterwards. */
  public static Arguments of(ArrayNode values) {
    return values.isEmpty() ? NONE : new Arguments(values);
  }

  public static Arguments none() {
    return NONE;
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The argument at {@code index}, or {@code null} when there are not that many. */
  public JsonNode get(int index) {
    return values.get(index);
  }

  /** All arguments as a JSON array (a copy, so handlers may change it). */
  public ArrayNode toArrayNode() {
    return values.deepCopy();
  }

  /** All arguments as an unmodifiable list. */
  public List<JsonNode> asList() {
    List<JsonNode> list = new ArrayList<>(values.size());
    values.forEach(list::add);
    return Collections.unmodifiableList(list);
  }

  /** The underlying array, not copied: for the server's own echo, which does not change it. */
  ArrayNode view() {
    return values;
  }

  @Override
  public Iterator<JsonNode> iterator() {
    return asList().iterator();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
