package io.taskmill.unique;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRaceTest {

    private static final long HOUR = 3_600_000L;
    private static final long T = 1_800_000_000_000L;

    private static UniqueEntry.Claimed claim(String id, String key, long at) {
        return new UniqueEntry.Claimed(key, id, "b-" + id + ":0", at, HOUR);
    }

    @Test
    void aClaimWithNothingBeforeItWins() {
        KeyRace race = new KeyRace(claim("a", "k", T));
        assertThat(race.verdict(T)).isInstanceOf(KeyRace.Pending.class);
        race.apply(claim("a", "k", T));
        assertThat(race.verdict(T)).isEqualTo(new KeyRace.Won());
    }

    @Test
    void aKeyWonWithinTheWindowHoldsItAndOneWonBeforeDoesNot() {
        KeyRace held = new KeyRace(claim("b", "k", T));
        held.apply(new UniqueEntry.Won("k", "a", "b-a:0", T - HOUR + 1));
        held.apply(claim("b", "k", T));
        assertThat(held.verdict(T)).isEqualTo(new KeyRace.Lost("b-a:0", T - HOUR + 1));

        KeyRace free = new KeyRace(claim("b", "k", T));
        free.apply(new UniqueEntry.Won("k", "a", "b-a:0", T - HOUR - 1));
        free.apply(claim("b", "k", T));
        assertThat(free.verdict(T)).isEqualTo(new KeyRace.Won());
    }

    @Test
    void anEarlierClaimDecidesFirstAndItsVerdictSettlesThisOne() {
        KeyRace race = new KeyRace(claim("b", "k", T));
        race.apply(claim("a", "k", T - 5));
        race.apply(claim("b", "k", T));
        assertThat(race.verdict(T)).isInstanceOf(KeyRace.Pending.class);
        race.apply(new UniqueEntry.Won("k", "a", "b-a:0", T - 5));
        assertThat(race.verdict(T)).isEqualTo(new KeyRace.Lost("b-a:0", T - 5));

        KeyRace after = new KeyRace(claim("b", "k", T));
        after.apply(claim("a", "k", T - 5));
        after.apply(claim("b", "k", T));
        after.apply(new UniqueEntry.Lost("k", "a"));
        assertThat(after.verdict(T)).as("the earlier claim lost to a win outside this window").isEqualTo(new KeyRace.Won());
    }

    @Test
    void anEarlierClaimThatNeverDecidesTurnsVoid() {
        KeyRace race = new KeyRace(claim("b", "k", T));
        race.apply(claim("a", "k", T - 5));
        race.apply(claim("b", "k", T));
        assertThat(race.verdict(T - 5 + KeyRace.VOID_AFTER.toMillis() - 1)).isInstanceOf(KeyRace.Pending.class);
        assertThat(race.verdict(T - 5 + KeyRace.VOID_AFTER.toMillis())).isEqualTo(new KeyRace.Won());
    }

    @Test
    void claimsAfterThisOneAndOtherKeysDoNotTouchIt() {
        KeyRace race = new KeyRace(claim("a", "k", T));
        race.apply(claim("x", "other", T - 1));
        race.apply(new UniqueEntry.Won("other", "x", "b-x:0", T - 1));
        race.apply(claim("a", "k", T));
        race.apply(claim("c", "k", T + 1));
        race.apply(new UniqueEntry.Won("k", "c", "b-c:0", T + 1));
        assertThat(race.verdict(T)).isEqualTo(new KeyRace.Won());
    }

    @Test
    void aClaimAppendedTwiceStandsWhereItIsFirst() {
        // a's first append was not confirmed but landed; its second copy lands after b's claim.
        KeyRace race = new KeyRace(claim("b", "k", T));
        race.apply(claim("a", "k", T - 5));
        race.apply(claim("b", "k", T));
        race.apply(claim("a", "k", T - 5));
        race.apply(new UniqueEntry.Won("k", "a", "b-a:0", T - 5));
        assertThat(race.verdict(T)).as("a is first, its copy after b changes nothing")
                .isEqualTo(new KeyRace.Lost("b-a:0", T - 5));

        KeyRace own = new KeyRace(claim("a", "k", T));
        own.apply(claim("a", "k", T));
        own.apply(claim("b", "k", T + 1));
        own.apply(claim("a", "k", T));
        assertThat(own.verdict(T)).as("its own claim read twice").isEqualTo(new KeyRace.Won());
    }
}
