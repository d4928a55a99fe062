package io.muslin.lab.check;

import io.muslin.lab.driver.Fabric;
import io.muslin.lab.driver.LabState;
import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a lab left behind after {@code down}: namespaces of ours, processes it recorded or whose
 * command line names the lab's state directory, links on this machine named like ours, and
 * iptables rules on this machine that mention the lab. Empty when the machine is as before.
 */
public final class Leftovers {
    private Leftovers() {
    }

    public static List<String> find(LabState state) {
        List<String> out = new ArrayList<>();
        for (String ns : Fabric.ourNamespaces()) {
            out.add("namespace " + ns);
        }
        for (LabState.Started s : state.processes()) {
            s.handle().ifPresent(h -> out.add("process " + s.role() + " (PID " + s.pid() + ")"));
        }
        String marker = state.dir().toString() + "/";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(marker)) {
                        out.add("process " + p.getFileName() + ": " + cmd.strip());
                    }
                } catch (IOException ignored) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            out.add("cannot list /proc: " + e.getMessage());
        }
        for (String line : Shell.run("ip", "-o", "link", "show").output().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1 && (f[1].startsWith(Names.PREFIX) || f[1].startsWith("mlab"))) {
                out.add("link on this machine: " + f[1]);
            }
        }
        Shell.Result rules = Shell.run("iptables-save");
        if (rules.ok()) {
            for (String line : rules.output().split("\n")) {
                if (line.contains(Names.PREFIX)) {
                    out.add("iptables rule on this machine: " + line);
                }
            }
        }
        return out;
    }
}
