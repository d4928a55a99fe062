package io.muslin.bgp.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * Three speakers in a chain over 127.0.0.81-83 (AS 65001 originates, 65002 passes on, 65003
 * learns), rounds of withdrawals and changed attributes: every round both downstream speakers
 * must hold exactly the routes AS 65001 originates in it (counted from the round's table, not
 * from any speaker), or the session fails.
 */
class AotTrainingChainTest {
    @Test
    void everyRoundReachesTheEndOfTheChain() {
        assertThatCode(() -> AotTraining.run(true)).doesNotThrowAnyException();
    }
}
