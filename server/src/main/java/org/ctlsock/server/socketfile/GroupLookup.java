package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the operator's {@code --group NAME-OR-GID} (spec 9.2.1). A name must exist in the group
 * database; a number must be a gid the database knows (so that a typo is an error rather than a
 * socket owned by a group nobody is in).
 */
public final class GroupLookup {
  private GroupLookup() {}

  /** The group, or {@code null} when it does not exist. */
  public static GroupPrincipal resolve(String nameOrGid) throws IOException {
    if (nameOrGid == null || nameOrGid.isEmpty()) {
      return null;
    }
    boolean numeric = true;
    for (int i = 0; i < nameOrGid.length(); i++) {
      char c = nameOrGid.charAt(i);
      numeric &= c >= '0' && c <= '9';
    }
    if (numeric && !gidExists(nameOrGid)) {
      return null;
    }
    try {
      // getgrnam(3) first; the JDK takes an unknown all-digit name as a gid.
      return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(nameOrGid);
    } catch (UserPrincipalNotFoundException e) {
      return null;
    }
  }

  private static boolean gidExists(String gid) {
    if (inEtcGroup(gid)) {
      return true;
    }
    // Groups from NSS (LDAP, systemd-userdb, ...) are not in /etc/group: ask getent.
    try {
      Process p = new ProcessBuilder("getent", "group", gid).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().readAllBytes();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean inEtcGroup(String gid) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/group"), StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 3 && fields[2].equals(gid)) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall back to getent
    }
    return false;
  }
}
