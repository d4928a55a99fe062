package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The agent's AOT training run does the work it claims (it fails when the in-memory kernel does not
 * reach the routes announced, so a cache is never trained on nothing): two speakers on loopback
 * addresses, nothing leaves this host, no root needed.
 */
class TrainAgentTest {
    @Test
    void theTrainingRunCarriesEveryRouteIntoTheInMemoryKernelAndBack() {
        assertThatCode(() -> TrainAgent.main(new String[0])).doesNotThrowAnyException();
    }
}
