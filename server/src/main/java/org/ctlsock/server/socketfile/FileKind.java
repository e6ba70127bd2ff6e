package org.ctlsock.server.socketfile;

/** What {@code lstat(2)} found at a path, in words for error messages. */
enum FileKind {
  NOTHING("nothing"),
  SOCKET("a socket"),
  REGULAR_FILE("a regular file"),
  DIRECTORY("a directory"),
  SYMBOLIC_LINK("a symbolic link"),
  FIFO("a FIFO"),
  CHARACTER_DEVICE("a character device"),
  BLOCK_DEVICE("a block device"),
  UNKNOWN("a file of unknown type");

  private static final int S_IFMT = 0170000;

  private final String words;

  FileKind(String words) {
    this.words = words;
  }

  String words() {
    return words;
  }

  static FileKind ofMode(int stMode) {
    switch (stMode & S_IFMT) {
      case 0140000:
        return SOCKET;
      case 0120000:
        return SYMBOLIC_LINK;
      case 0100000:
        return REGULAR_FILE;
      case 0060000:
        return BLOCK_DEVICE;
      case 0040000:
        return DIRECTORY;
      case 0020000:
        return CHARACTER_DEVICE;
      case 0010000:
        return FIFO;
      default:
        return UNKNOWN;
    }
  }
}
