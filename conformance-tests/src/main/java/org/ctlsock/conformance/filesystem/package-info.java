/**
 * The file-system side of the lifecycle clauses (spec 2, 3): snapshots of a path ({@link
 * org.ctlsock.conformance.filesystem.PathSnapshot}, lstat plus content hash and link target) and of a
 * directory tree ({@link org.ctlsock.conformance.filesystem.TreeSnapshot}) for "left exactly as it was"
 * checks; scratch directories a case prepares before it starts a target; the things a case plants at a
 * socket path (a stale socket, a live socket of the kit's, every kind of non-socket file); and a watcher
 * that calls lstat on a socket path as fast as it can while a target starts (clause 2.3.2).
 */
package org.ctlsock.conformance.filesystem;
