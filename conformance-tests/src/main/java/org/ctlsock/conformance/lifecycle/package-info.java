/**
 * Starting, stopping and signalling target instances for the lifecycle clauses (spec 2, 3) without
 * changing the harness: a launch in another working directory, readiness at a path of the case's choosing,
 * SIGINT, a request known to be in progress, the reasons a start must fail (observed once per run and
 * shared by clauses 3.1.2 and 3.3.x), replacements of a running server's path, the modest tries of
 * properties that start processes ({@link org.ctlsock.conformance.lifecycle.LaunchTries}), and the model
 * world of the stateful socket-life property.
 */
package org.ctlsock.conformance.lifecycle;
