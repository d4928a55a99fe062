package io.muslin.policy.dataplane;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** The {@code conntrack} tool (conntrack-tools): list the table, delete one connection. */
public final class LinuxConntrack implements Conntrack {

    private final CommandRunner runner;

    public LinuxConntrack(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public List<ConntrackEntry> list() {
        CommandRunner.Result r = runner.run(List.of("conntrack", "-L", "-f", "ipv4"), null);
        if (!r.ok()) {
            throw new DataplaneException("conntrack -L failed: " + r.describe(), 0, null);
        }
        return parse(r.stdout());
    }

    /**
     * Parses {@code conntrack -L} lines such as
     * {@code tcp 6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=5000 dport=80 src=... [ASSURED] mark=0 use=1};
     * the first src/dst/sport/dport are the original direction.
     */
    public static List<ConntrackEntry> parse(String text) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] tok = line.trim().split("\\s+");
            if (tok.length < 4 || !tok[1].chars().allMatch(Character::isDigit)) {
                continue;
            }
            int proto = Integer.parseInt(tok[1]);
            String src = null;
            String dst = null;
            int sport = 0;
            int dport = 0;
            for (String t : tok) {
                if (t.startsWith("src=") && src == null) {
                    src = t.substring(4);
                } else if (t.startsWith("dst=") && dst == null) {
                    dst = t.substring(4);
                } else if (t.startsWith("sport=") && sport == 0) {
                    sport = Integer.parseInt(t.substring(6));
                } else if (t.startsWith("dport=") && dport == 0) {
                    dport = Integer.parseInt(t.substring(6));
                }
            }
            if (src != null && dst != null) {
                try {
                    IpAddress s = IpAddress.parse(src);
                    IpAddress d = IpAddress.parse(dst);
                    if (!s.v6() && !d.v6()) {
                        out.add(new ConntrackEntry(proto, s, d, sport, dport));
                    }
                } catch (IllegalArgumentException unreadable) {
                    // not an address we can judge
                }
            }
        }
        return out;
    }

    @Override
    public boolean delete(ConntrackEntry e) {
        List<String> argv = new ArrayList<>(List.of("conntrack", "-D", "-p", String.valueOf(e.protocol()),
                "-s", e.source().toString(), "-d", e.destination().toString()));
        if (e.hasPorts()) {
            argv.addAll(List.of("--sport", String.valueOf(e.sourcePort()), "--dport", String.valueOf(e.destinationPort())));
        }
        CommandRunner.Result r = runner.run(argv, null);
        // conntrack exits 1 when no entry matched: someone (the kernel, a timeout) was faster.
        return r.ok();
    }
}
