package io.muslin.policy.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.policy.cli.PolicyCli;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.BackendDetector;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend is read from what the node (here a fresh namespace) already has, as kube-proxy does. */
class BackendDetectionNetnsTest {

    @Test
    void detectsTheBackendTheNodeUses() {
        Prerequisites.require(NodeLab.unavailableReason());
        try (NodeLab lab = new NodeLab(Backend.NFT)) {
            // NodeLab set the FORWARD policy through nft, which counts no rule: an empty node is legacy.
            CommandRunner runner = lab.nodeRunner();
            assertThat(new BackendDetector(runner).detect().backend()).isEqualTo(Backend.LEGACY);
            for (int i = 0; i < 3; i++) {
                lab.inNode("iptables-nft", "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(1000 + i), "-j", "ACCEPT");
            }
            BackendDetector.Detection nft = new BackendDetector(runner).detect();
            assertThat(nft.backend()).isEqualTo(Backend.NFT);
            assertThat(nft.reason()).contains("legacy 0 rules, nft 3");
            for (int i = 0; i < 10; i++) {
                lab.inNode("iptables-legacy", "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(2000 + i), "-j", "ACCEPT");
            }
            assertThat(new BackendDetector(runner).detect().backend()).isEqualTo(Backend.LEGACY);
            lab.inNode("iptables-nft", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");
            assertThat(new BackendDetector(runner).detect().backend()).as("kubelet's hint wins").isEqualTo(Backend.NFT);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = PolicyCli.run(new String[] {"--netns", lab.node(), "detect-backend"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("nft (kubelet's marker chains are in nft)");
            assertThat(PolicyCli.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
            assertThat(List.of(Backend.values())).hasSize(2);
        }
    }
}
