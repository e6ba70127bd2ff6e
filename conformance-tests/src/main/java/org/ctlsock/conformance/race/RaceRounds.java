package org.ctlsock.conformance.race;

import org.ctlsock.conformance.implementation.KitSettings;

/**
 * How many rounds the race cases run: {@code --race-rounds} / {@code -Dctlsock.race.rounds} (default 3, see
 * {@code Setting.RACE_ROUNDS}: enough to catch a server that never guards a race, quick in every build). The Maven
 * profile {@code race} ({@code mvn verify -Prace}, which CI and the README's test command use) sets 50, the many-round
 * search for a server that loses a race only sometimes: 50 starts in directories another user writes
 * (over the three layouts), 50 rounds of simultaneous starts on each kind of path (pairs and triples),
 * 50 SIGKILLs during start-up.
 */
public final class RaceRounds {
    private RaceRounds() {
    }

    public static int rounds(KitSettings settings) {
        return Math.max(1, settings.raceRounds());
    }

    /**
     * The rounds of one of {@code parts} variants that share the count (pairs and triples on one kind of
     * path; the three directory layouts): together at least {@link #rounds()}, each at least 2.
     */
    public static int perVariant(KitSettings settings, int parts) {
        return Math.max(2, (rounds(settings) + parts - 1) / parts);
    }
}
