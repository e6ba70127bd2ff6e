package org.ctlsock.conformance.filesystem;

/** The file type bits of {@code st_mode} ({@code S_IFMT}), as {@code lstat(2)} reports them. */
public enum FileType {
    ABSENT("nothing", '-'),
    SOCKET("socket", 's'),
    SYMLINK("symbolic link", 'l'),
    REGULAR("regular file", '-'),
    BLOCK_DEVICE("block device", 'b'),
    DIRECTORY("directory", 'd'),
    CHAR_DEVICE("character device", 'c'),
    FIFO("FIFO", 'p'),
    UNKNOWN("file of unknown type", '?');

    private final String words;
    private final char lsLetter;

    FileType(String words, char lsLetter) {
        this.words = words;
        this.lsLetter = lsLetter;
    }

    /** From a full {@code st_mode}. */
    public static FileType ofMode(int stMode) {
        return switch (stMode & 0170000) {
            case 0140000 -> SOCKET;
            case 0120000 -> SYMLINK;
            case 0100000 -> REGULAR;
            case 0060000 -> BLOCK_DEVICE;
            case 0040000 -> DIRECTORY;
            case 0020000 -> CHAR_DEVICE;
            case 0010000 -> FIFO;
            default -> UNKNOWN;
        };
    }

    public String words() {
        return words;
    }

    /** The first letter of {@code ls -l}. */
    public char lsLetter() {
        return lsLetter;
    }
}
