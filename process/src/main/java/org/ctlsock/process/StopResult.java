package org.ctlsock.process;

import java.time.Duration;

/**
 * What happened when a process was stopped: the leader's exit status (-1 if it never exited), whether SIGKILL was
 * needed because the leader or something it forked outlived the grace period, and how long the stop took.
 */
public record StopResult(int exitCode, boolean neededKill, Duration took) {
}
