package io.muslin.policy.dataplane;

import java.util.List;

/** iptables-save / iptables-restore of one backend, run as programs. */
public final class LinuxIptables implements Iptables {

    private final CommandRunner runner;
    private final Backend backend;

    public LinuxIptables(CommandRunner runner, Backend backend) {
        this.runner = runner;
        this.backend = backend;
    }

    @Override
    public String save() {
        CommandRunner.Result r = runner.run(List.of(backend.tool("iptables", "save"), "-t", "filter"), null);
        if (!r.ok()) {
            throw new DataplaneException("iptables-save failed: " + r.describe(), 0, null);
        }
        return r.stdout();
    }

    @Override
    public void restore(String input) {
        // -w: wait for the xtables lock (legacy) instead of failing when another program holds it.
        CommandRunner.Result r = runner.run(List.of(backend.tool("iptables", "restore"), "--noflush", "-w", "10"), input);
        if (!r.ok()) {
            throw DataplaneException.fromToolOutput(backend.tool("iptables", "restore"), input, r, "Error occurred at line: ");
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
