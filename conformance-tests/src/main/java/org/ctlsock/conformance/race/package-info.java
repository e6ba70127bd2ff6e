/**
 * The race cases of spec 2.5, 2.6, 3.4.4 and 3.5.2: how many rounds to run ({@link
 * org.ctlsock.conformance.race.RaceRounds}), how to widen a window with strace ({@link
 * org.ctlsock.conformance.race.StraceDelay}), which process serves on a path ({@link
 * org.ctlsock.conformance.race.Survivor}), and waiting for several starts at once ({@link
 * org.ctlsock.conformance.race.StartOutcome}).
 */
package org.ctlsock.conformance.race;
