package org.ctlsock.client;

import java.nio.file.Path;

/** Something other than a socket (a regular file, a directory, a FIFO…) is at the path. */
public class NotASocketException extends CtlsockConnectException {
  private static final long serialVersionUID = 1L;
  private final String fileType;

  public NotASocketException(Path socketPath, String fileType, Throwable cause) {
    super(socketPath, "not a socket but a " + fileType, cause);
    this.fileType = fileType;
  }

  /** The kind of file found at the path, in words: "regular file", "directory", "FIFO"… */
  public String fileType() {
    return fileType;
  }
}
