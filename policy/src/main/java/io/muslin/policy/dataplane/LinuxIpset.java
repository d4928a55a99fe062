package io.muslin.policy.dataplane;

import java.util.List;

/** {@code ipset save} / {@code ipset restore}, run as programs. */
public final class LinuxIpset implements Ipset {

    private final CommandRunner runner;

    public LinuxIpset(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String save() {
        CommandRunner.Result r = runner.run(List.of("ipset", "save"), null);
        if (!r.ok()) {
            throw new DataplaneException("ipset save failed: " + r.describe(), 0, null);
        }
        return r.stdout();
    }

    @Override
    public void restore(String script) {
        if (script.isEmpty()) {
            return;
        }
        CommandRunner.Result r = runner.run(List.of("ipset", "restore"), script);
        if (!r.ok()) {
            throw DataplaneException.fromToolOutput("ipset restore", script, r, "Error in line ");
        }
    }
}
