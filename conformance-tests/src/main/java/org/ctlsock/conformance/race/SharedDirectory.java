package org.ctlsock.conformance.race;

import org.ctlsock.conformance.access.TestUsers;

/**
 * The socket's directory as another user can write it (spec 2.5): the three ways a directory is shared,
 * each with the owner, group and mode the kit gives it.
 */
public enum SharedDirectory {
    /** The other user's own directory: it may rename and replace anything in it. */
    OWNED_BY_THE_OTHER_USER("owned by another user (uid " + TestUsers.OTHER.uid() + ", 0755)", 0755,
            TestUsers.OTHER.uid(), TestUsers.OTHER.gid()),
    /** root's, writable by all, without the sticky bit: anyone may rename anyone's entries. */
    WORLD_WRITABLE("root's, 0777 without the sticky bit", 0777, 0, 0),
    /** root's, 1777 like /tmp: others may add entries but not rename or remove the server's. */
    STICKY("root's, 1777 (sticky, like /tmp)", 01777, 0, 0);

    private final String words;
    private final int mode;
    private final int uid;
    private final int gid;

    SharedDirectory(String words, int mode, int uid, int gid) {
        this.words = words;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
    }

    public int mode() {
        return mode;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** Whether 2.5.2 forbids refusing it (sticky); the others a server MAY refuse. */
    public boolean mustNotBeRefused() {
        return (mode & 01000) != 0;
    }

    @Override
    public String toString() {
        return words;
    }
}
