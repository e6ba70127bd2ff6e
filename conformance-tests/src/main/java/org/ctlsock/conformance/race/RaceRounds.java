package org.ctlsock.conformance.race;

/**
 * How many rounds the race cases run: {@code -Dctlsock.race.rounds} (default {@value #DEFAULT}, enough to
 * catch a server that never guards a race, quick in every build). The Maven profile {@code race}
 * ({@code mvn verify -Prace}, which CI and the README's test command use) sets 50, the many-round
 * search for a server that loses a race only sometimes.
 */
public final class RaceRounds {
    public static final int DEFAULT = 3;

    private RaceRounds() {
    }

    public static int rounds() {
        int n = Integer.getInteger("ctlsock.race.rounds", DEFAULT);
        return Math.max(1, n);
    }
}
