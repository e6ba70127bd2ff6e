package org.ctlsock.conformance.access;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A user the kit acts as: a uid, a primary gid and supplementary groups. No account needs to exist:
 * as root the kit runs processes under any ids with {@code setpriv}, and the kernel checks
 * permissions against the ids alone.
 *
 * @param role what the identity stands for in a case name, e.g. "group member"
 */
public record Identity(String role, int uid, int gid, List<Integer> groups) {

    public Identity {
        groups = List.copyOf(groups);
    }

    public static Identity of(String role, int uid, int gid, Integer... supplementary) {
        return new Identity(role, uid, gid, List.of(supplementary));
    }

    /** Whether the identity has gid {@code g} as its primary or a supplementary group. */
    public boolean inGroup(int g) {
        return gid == g || groups.contains(g);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** The words that run a command as this identity: {@code setpriv --reuid U --regid G --clear-groups}. */
    public List<String> setprivWords() {
        List<String> w = new ArrayList<>(List.of("setpriv", "--reuid", Integer.toString(uid), "--regid",
                Integer.toString(gid)));
        w.addAll(groups.isEmpty() ? List.of("--clear-groups")
                : List.of("--groups", groups.stream().map(String::valueOf).collect(Collectors.joining(","))));
        return w;
    }

    /** E.g. {@code group member (uid 61002, gid 61002, groups 61001)}. */
    public String describe() {
        return role + " (uid " + uid + ", gid " + gid + (groups.isEmpty() ? "" : ", groups "
                + groups.stream().map(String::valueOf).collect(Collectors.joining(","))) + ")";
    }
}
