package io.muslin.policy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataplaneToolsTest {

    /** Answers each program by name with canned output and records what was run. */
    static final class ScriptedRunner implements CommandRunner {
        final Map<String, Result> answers;
        final List<List<String>> ran = new ArrayList<>();
        final List<String> stdins = new ArrayList<>();

        ScriptedRunner(Map<String, Result> answers) {
            this.answers = answers;
        }

        @Override
        public Result run(List<String> argv, String stdin) {
            ran.add(argv);
            stdins.add(stdin);
            Result r = answers.get(String.join(" ", argv));
            if (r == null) {
                r = answers.get(argv.getFirst());
            }
            return r != null ? new Result(argv, r.exitCode(), r.stdout(), r.stderr()) : new Result(argv, 127, "", "not found");
        }
    }

    private static CommandRunner.Result out(String stdout) {
        return new CommandRunner.Result(List.of(), 0, stdout, "");
    }

    @Test
    void backendRuleFollowsTheIptablesWrapper() {
        assertThat(BackendDetector.decide(false, false, 0, 0).backend()).as("nothing anywhere: legacy").isEqualTo(Backend.LEGACY);
        assertThat(BackendDetector.decide(false, false, 3, 40).backend()).isEqualTo(Backend.NFT);
        assertThat(BackendDetector.decide(false, false, 10, 400).backend()).as("10 legacy rules win").isEqualTo(Backend.LEGACY);
        assertThat(BackendDetector.decide(false, false, 5, 5).backend()).isEqualTo(Backend.LEGACY);
        assertThat(BackendDetector.decide(true, true, 50, 0).backend()).as("kubelet's hint first").isEqualTo(Backend.NFT);
        assertThat(BackendDetector.decide(false, true, 0, 50).backend()).isEqualTo(Backend.LEGACY);
    }

    @Test
    void backendDetectionCountsRulesOfBothFamilies() {
        String three = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n-A INPUT -j ACCEPT\n-A INPUT -j ACCEPT\nCOMMIT\n";
        ScriptedRunner r = new ScriptedRunner(Map.of(
                "iptables-nft-save", out(three), "ip6tables-nft-save", out(three),
                "iptables-legacy-save", out(""), "ip6tables-legacy-save", out("-A INPUT -j ACCEPT\n")));
        BackendDetector.Detection d = new BackendDetector(r).detect();
        assertThat(d.backend()).isEqualTo(Backend.NFT);
        assertThat(d.reason()).contains("legacy 1 rules, nft 6");
        ScriptedRunner hint = new ScriptedRunner(Map.of(
                "iptables-legacy-save -t mangle", out("*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n"),
                "iptables-nft-save", out(three)));
        assertThat(new BackendDetector(hint).detect().backend()).isEqualTo(Backend.LEGACY);
    }

    @Test
    void restoreErrorsNameTheLineWeSent() {
        String stderr = "iptables-restore v1.8.9 (legacy): Couldn't load match `nosuch':No such file or directory\n\n"
                + "Error occurred at line: 3\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n";
        ScriptedRunner r = new ScriptedRunner(Map.of("iptables-legacy-restore", new CommandRunner.Result(List.of(), 2, "", stderr)));
        String input = "*filter\n:MUSLIN-x - [0:0]\n-A MUSLIN-x -m nosuch -j ACCEPT\nCOMMIT\n";
        assertThatThrownBy(() -> new LinuxIptables(r, Backend.LEGACY).restore(input))
                .isInstanceOfSatisfying(DataplaneException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.line()).isEqualTo("-A MUSLIN-x -m nosuch -j ACCEPT");
                    assertThat(e.getMessage()).contains("Couldn't load match `nosuch'");
                });
        assertThat(r.ran.getFirst()).containsExactly("iptables-legacy-restore", "--noflush", "-w", "10");
        assertThat(r.stdins.getFirst()).isEqualTo(input);
    }

    @Test
    void ipsetErrorsNameTheLineWeSent() {
        ScriptedRunner r = new ScriptedRunner(Map.of("ipset", new CommandRunner.Result(List.of(), 1, "",
                "ipset v7.17: Error in line 2: The set with the given name does not exist\n")));
        assertThatThrownBy(() -> new LinuxIpset(r).restore("create a hash:ip\nadd b 10.0.0.1\n"))
                .isInstanceOfSatisfying(DataplaneException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(2);
                    assertThat(e.line()).isEqualTo("add b 10.0.0.1");
                });
    }

    @Test
    void conntrackListingIsParsedByOriginalDirection() {
        String text = """
                tcp      6 431999 ESTABLISHED src=10.65.0.10 dst=10.65.0.11 sport=45668 dport=80 src=10.65.0.11 dst=10.65.0.10 sport=80 dport=45668 [ASSURED] mark=0 use=1
                udp      17 28 src=10.65.0.12 dst=10.65.0.11 sport=42844 dport=53 [UNREPLIED] src=10.65.0.11 dst=10.65.0.12 sport=53 dport=42844 mark=0 use=1
                icmp     1 29 src=10.65.0.10 dst=10.65.0.13 type=8 code=0 id=7 src=10.65.0.13 dst=10.65.0.10 type=0 code=0 id=7 mark=0 use=1
                conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.
                """;
        assertThat(LinuxConntrack.parse(text)).containsExactly(
                new ConntrackEntry(6, IpAddress.parse("10.65.0.10"), IpAddress.parse("10.65.0.11"), 45668, 80),
                new ConntrackEntry(17, IpAddress.parse("10.65.0.12"), IpAddress.parse("10.65.0.11"), 42844, 53),
                new ConntrackEntry(1, IpAddress.parse("10.65.0.10"), IpAddress.parse("10.65.0.13"), 0, 0));
    }

    @Test
    void conntrackDeletionNamesTheWholeTuple() {
        ScriptedRunner r = new ScriptedRunner(Map.of("conntrack", out("")));
        new LinuxConntrack(r).delete(new ConntrackEntry(6, IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), 4000, 80));
        assertThat(r.ran.getFirst()).containsExactly("conntrack", "-D", "-p", "6", "-s", "10.0.0.1", "-d", "10.0.0.2",
                "--sport", "4000", "--dport", "80");
    }

    @Test
    void processRunnerReportsExitAndOutput() {
        CommandRunner.Result r = new ProcessCommandRunner().run(List.of("sh", "-c", "cat; echo err >&2; exit 3"), "hello");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("hello");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(new ProcessCommandRunner().run(List.of("/nonexistent/tool"), null).exitCode()).isEqualTo(127);
    }
}
