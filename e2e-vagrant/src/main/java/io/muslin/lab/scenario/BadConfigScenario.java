package io.muslin.lab.scenario;

import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Shell;
import io.muslin.lab.topology.Topology.Placed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An agent started with a bad value exits 2 with one line naming the field and the reason. */
public final class BadConfigScenario implements Scenario {
    @Override
    public String name() {
        return "bad-config";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        Placed n = lab.topology().nodes().get(0);
        try {
            String good = Files.readString(lab.agents().configFile(n.name()));
            Path bad = lab.state().roleDir("bad-config").resolve("muslin.yaml");
            Files.writeString(bad, good.replaceFirst("holdTime: \\d+", "holdTime: 2"));
            Shell.Result r = Shell.run(Shell.in(Names.node(n.name()), lab.agents().muslinRoot().resolve("bin/muslin").toString(), "agent",
                    "--config", bad.toString()), null, Duration.ofSeconds(60));
            report.check(r.exit() == 2, "exit status " + r.exit() + " = 2");
            List<String> lines = r.output().strip().lines().toList();
            report.check(lines.size() == 1 && lines.get(0).contains("bgp.holdTime") && lines.get(0).contains("2"),
                    "one line naming bgp.holdTime: " + r.output().strip());
        } catch (IOException e) {
            report.check(false, "cannot write the bad configuration: " + e.getMessage());
        }
    }
}
