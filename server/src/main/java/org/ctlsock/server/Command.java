package org.ctlsock.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A named command, the methods it allows and its handler. */
public final class Command {
  /** Spec 5.1.4: 1 to 64 characters from A-Z a-z 0-9 . _ - and not starting with a dot. */
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

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
    this.allowHeader = String.join(", ", copy.stream().map(Enum::name).toArray(String[]::new));
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

  public static boolean isValidName(String name) {
    return name != null && VALID_NAME.matcher(name).matches();
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
