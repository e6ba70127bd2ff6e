package org.ctlsock.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** A named command, the methods it allows and its handler. */
public final class Command {
  private final String name;
  private final Set<Method> methods;
  private final CommandHandler handler;
  private final String allowHeader;

  private Command(String name, Set<Method> methods, CommandHandler handler) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "not a valid command name (1 to 64 of A-Z a-z 0-9 . _ -, not starting with '.'): " + name);
    }
    Objects.requireNonNull(handler, "handler");
    EnumSet<Method> copy = EnumSet.noneOf(Method.class);
    copy.addAll(methods);
    if (copy.contains(Method.GET)) {
      copy.add(Method.HEAD); // HEAD is answered as GET would be (5.2.3)
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a command allows at least one method: " + name);
    }
    this.name = name;
    this.methods = Collections.unmodifiableSet(copy);
    this.handler = handler;
    StringBuilder allow = new StringBuilder();
    for (Method m : copy) {
      allow.append(allow.length() == 0 ? "" : ", ").append(m.name());
    }
    this.allowHeader = allow.toString();
  }

  /** A command allowed for GET, HEAD and POST. */
  public static Command of(String name, CommandHandler handler) {
    return new Command(name, Method.any(), handler);
  }

  /** A command allowed for POST only: GET and HEAD are answered 405 (5.2.4). */
  public static Command postOnly(String name, CommandHandler handler) {
    return new Command(name, Method.postOnly(), handler);
  }

  /** A command allowed for the given methods (GET implies HEAD). */
  public static Command of(String name, Set<Method> methods, CommandHandler handler) {
    return new Command(name, methods, handler);
  }

  /** Spec 5.1.4: 1 to 64 characters from A-Z a-z 0-9 . _ - and not starting with a dot. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > 64 || name.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public String name() {
    return name;
  }

  public Set<Method> methods() {
    return methods;
  }

  public CommandHandler handler() {
    return handler;
  }

  public boolean allows(Method method) {
    return method != null && methods.contains(method);
  }

  /** The value of the {@code Allow} header field of a 405 for this command. */
  public String allowHeader() {
    return allowHeader;
  }

  @Override
  public String toString() {
    return name + " " + methods;
  }
}
