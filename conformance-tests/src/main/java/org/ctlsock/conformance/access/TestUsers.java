package org.ctlsock.conformance.access;

/**
 * The ids the kit uses for cross-user cases. They are numbers without accounts (none need to exist),
 * chosen high and unusual so that they do not collide with a real user of the machine.
 */
public final class TestUsers {
    /** The group the socket gets in the access cases: the owner's primary group. */
    public static final int SOCKET_GROUP = 61001;

    /** The non-root user the target runs as, so that "owner" is a real non-root uid. */
    public static final Identity OWNER = Identity.of("owner", 61001, SOCKET_GROUP);

    /** A user who is not the owner but has the socket's group as a supplementary group. */
    public static final Identity MEMBER = Identity.of("group member", 61002, 61002, SOCKET_GROUP);

    /** A user with neither the owner's uid nor the socket's group. */
    public static final Identity OTHER = Identity.of("other", 61003, 61003);

    /** A second unrelated user, e.g. for an allow-list that lists one uid but not another. */
    public static final Identity ALLOWED = Identity.of("allowed user", 61004, 61004);

    /** A user whose primary group is {@link #ALLOWED_GROUP}, for {@code --allow-gid}. */
    public static final int ALLOWED_GROUP = 61005;

    public static final Identity ALLOWED_BY_GROUP = Identity.of("allowed group's member", 61006, ALLOWED_GROUP);

    /** A user whose primary group is not {@link #ALLOWED_GROUP} but who has it as a supplementary group (9.3.5). */
    public static final Identity ALLOWED_GROUP_SUPPLEMENTARY = Identity.of("allowed group as a supplementary group",
            61008, 61008, ALLOWED_GROUP);

    /**
     * The uid the target runs as under a process limit (7.5.1): its own, because the kernel counts
     * RLIMIT_NPROC over all of a uid's processes and threads, so no other case's process may share it.
     */
    public static final Identity THREAD_LIMITED = Identity.of("thread-limited owner", 61007, 61007);

    private TestUsers() {
    }
}
