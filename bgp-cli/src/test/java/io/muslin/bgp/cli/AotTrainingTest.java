package io.muslin.bgp.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The AOT training session runs to its end: each of its rounds waits until the last speaker of
 * the chain has accepted exactly the routes the first one originates (and throws when it does not
 * within a minute), so a change that breaks the session makes the launcher start without a cache.
 */
class AotTrainingTest {
    @Test
    void theTrainingSessionPassesEveryRoundsRoutesAlongTheChain() {
        assertThatCode(() -> AotTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
