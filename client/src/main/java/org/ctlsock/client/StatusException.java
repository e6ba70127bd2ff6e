package org.ctlsock.client;

/**
 * The server answered, but not with 200. The full response stays available; subclasses exist for
 * the statuses a caller usually wants to tell apart (400, 404, 405, 500).
 */
public class StatusException extends CtlsockException {
  private static final long serialVersionUID = 1L;
  private final transient Response response;
  private final String command;

  public StatusException(String command, Response response) {
    super(command + ": HTTP " + response.status() + " " + firstLine(response.text()));
    this.command = command;
    this.response = response;
  }

  public Response response() {
    return response;
  }

  public int status() {
    return response.status();
  }

  /** The command name the request was for. */
  public String command() {
    return command;
  }

  private static String firstLine(String body) {
    String trimmed = body.strip();
    int newline = trimmed.indexOf('\n');
    String line = newline < 0 ? trimmed : trimmed.substring(0, newline) + " …";
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Maps a non-200 response to the most specific exception. */
  static StatusException of(String command, Response response) {
    return switch (response.status()) {
      case 400 -> new BadRequestException(command, response);
      case 404 -> new UnknownCommandException(command, response);
      case 405 -> new MethodNotAllowedException(command, response);
      case 500 -> new CommandFailedException(command, response);
      default -> new StatusException(command, response);
    };
  }
}
