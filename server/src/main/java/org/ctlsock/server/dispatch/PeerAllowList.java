package org.ctlsock.server.dispatch;

import java.util.Set;
import org.ctlsock.server.PeerCredentials;

/**
 * The operator's {@code --allow-uid} / {@code --allow-gid} lists (spec 9.3.3): a peer is served
 * when its uid or its gid (as the kernel reports them) is listed; with both lists empty, every
 * peer that can connect is served.
 */
public final class PeerAllowList {
  private final Set<Long> uids;
  private final Set<Long> gids;

  public PeerAllowList(Set<Long> uids, Set<Long> gids) {
    this.uids = Set.copyOf(uids);
    this.gids = Set.copyOf(gids);
  }

  public boolean isOpen() {
    return uids.isEmpty() && gids.isEmpty();
  }

  public boolean permits(PeerCredentials peer) {
    if (isOpen()) {
      return true;
    }
    return peer.isKnown() && (uids.contains(peer.uid()) || gids.contains(peer.gid()));
  }
}
