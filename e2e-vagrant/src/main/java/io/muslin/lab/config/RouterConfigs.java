package io.muslin.lab.config;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Rack;
import java.nio.file.Path;

/**
 * Configuration of the lab's routers (pure text). The core runs BIRD in its own AS with an eBGP
 * session to every rack's router; each rack's router (BIRD or FRR) announces its rack subnet to
 * the core and installs what it learns in its kernel, so the racks reach each other and the etcd
 * hosts. In ToR peering a rack's router also takes its nodes as iBGP route-reflector clients
 * (Calico's "AS per rack"): pod routes between the rack's nodes keep the node as next hop, routes
 * from other racks get the router as next hop. Short timers (hold 9 s) and graceful restart.
 */
public final class RouterConfigs {
    /** The ToR's bridge (the rack's switch), carrying the rack's gateway address. */
    public static final String RACK_BRIDGE = "br0";
    /** The ToR's link to the core. */
    public static final String UPLINK = "core0";

    private RouterConfigs() {
    }

    public static String birdCore(Topology t) {
        StringBuilder b = new StringBuilder();
        b.append("# Muslin lab ").append(t.name()).append(": the core router\n");
        b.append("router id ").append(t.servicesGateway()).append(";\n");
        b.append("protocol device { scan time 5; }\n");
        b.append("protocol direct { ipv4; interface \"svc0\"; }\n");
        b.append("protocol kernel { ipv4 { import none; export where source = RTS_BGP; }; }\n");
        for (int i = 0; i < t.racks().size(); i++) {
            Rack r = t.racks().get(i);
            b.append("protocol bgp ").append(ident(r.name())).append(" {\n");
            b.append("  local ").append(t.coreLinkAddress(i)).append(" as ").append(t.core().asNumber()).append(";\n");
            b.append("  neighbor ").append(t.torLinkAddress(i)).append(" as ").append(r.tor().asNumber()).append(";\n");
            b.append("  direct; hold time 9; connect retry time 1; graceful restart on;\n");
            b.append("  ipv4 { import all; export where source ~ [RTS_DEVICE, RTS_BGP]; };\n}\n");
        }
        return b.toString();
    }

    public static String birdTor(Topology t, Rack r) {
        int i = t.rackIndex(r);
        StringBuilder b = new StringBuilder();
        b.append("# Muslin lab ").append(t.name()).append(": the router of ").append(r.name()).append("\n");
        b.append("router id ").append(t.torLinkAddress(i)).append(";\n");
        b.append("protocol device { scan time 5; }\n");
        b.append("protocol direct { ipv4; interface \"").append(RACK_BRIDGE).append("\"; }\n");
        b.append("protocol kernel { ipv4 { import none; export where source = RTS_BGP; }; }\n");
        b.append("protocol bgp core {\n");
        b.append("  local ").append(t.torLinkAddress(i)).append(" as ").append(r.tor().asNumber()).append(";\n");
        b.append("  neighbor ").append(t.coreLinkAddress(i)).append(" as ").append(t.core().asNumber()).append(";\n");
        b.append("  direct; hold time 9; connect retry time 1; graceful restart on;\n");
        b.append("  ipv4 { import all; export where source ~ [RTS_DEVICE, RTS_BGP]; next hop self; };\n}\n");
        if (t.peering() == Peering.TOR) {
            for (Placed n : t.nodes()) {
                if (n.rack() != r) {
                    continue;
                }
                b.append("protocol bgp ").append(ident(n.name())).append(" {\n");
                b.append("  local ").append(Topology.gateway(r)).append(" as ").append(r.tor().asNumber()).append(";\n");
                b.append("  neighbor ").append(Topology.nodeAddress(n)).append(" as ").append(r.tor().asNumber()).append(";\n");
                b.append("  rr client; direct; hold time 9; connect retry time 1; error wait time 1, 10; graceful restart on;\n");
                b.append("  ipv4 { import all; export where source = RTS_BGP && net ~ ").append(birdPoolSet(t))
                        .append("; next hop self ebgp; };\n}\n");
            }
        }
        return b.toString();
    }

    /** FRR's bgpd configuration for a ToR (zebra, started beside it, installs the routes). */
    public static String frrTor(Topology t, Rack r, Path logFile) {
        int i = t.rackIndex(r);
        StringBuilder b = new StringBuilder();
        b.append("! Muslin lab ").append(t.name()).append(": the router of ").append(r.name()).append("\n");
        b.append("frr defaults traditional\nhostname ").append(r.name()).append("\nlog file ").append(logFile).append("\n");
        b.append("router bgp ").append(r.tor().asNumber()).append("\n");
        b.append(" bgp router-id ").append(t.torLinkAddress(i)).append("\n");
        b.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n bgp graceful-restart\n");
        String core = t.coreLinkAddress(i).toString();
        b.append(" neighbor ").append(core).append(" remote-as ").append(t.core().asNumber()).append("\n");
        b.append(" neighbor ").append(core).append(" timers 3 9\n");
        b.append(" neighbor ").append(core).append(" timers connect 1\n");
        boolean tor = t.peering() == Peering.TOR;
        if (tor) {
            b.append(" neighbor NODES peer-group\n");
            b.append(" neighbor NODES remote-as ").append(r.tor().asNumber()).append("\n");
            b.append(" neighbor NODES timers 3 9\n neighbor NODES timers connect 1\n");
            for (Placed n : t.nodes()) {
                if (n.rack() == r) {
                    b.append(" neighbor ").append(Topology.nodeAddress(n)).append(" peer-group NODES\n");
                }
            }
        }
        b.append(" address-family ipv4 unicast\n");
        b.append("  network ").append(r.subnet()).append("\n");
        if (tor) {
            b.append("  neighbor NODES route-reflector-client\n  neighbor NODES next-hop-self\n");
            b.append("  neighbor NODES route-map TO-NODES out\n");
        }
        b.append(" exit-address-family\n");
        if (tor) {
            // Only pod routes go to the nodes (they reach the rest through their default route).
            int seq = 5;
            for (Topology.Pool p : t.pools()) {
                b.append("ip prefix-list PODS seq ").append(seq).append(" permit ").append(p.cidr()).append(" le 32\n");
                seq += 5;
            }
            b.append("route-map TO-NODES permit 10\n match ip address prefix-list PODS\n");
        }
        return b.toString();
    }

    /** The pools as a BIRD prefix set, every length inside them: {@code [ 10.244.0.0/16+ ]}. */
    static String birdPoolSet(Topology t) {
        return "[ " + String.join(", ", t.pools().stream().map(p -> p.cidr() + "+").toList()) + " ]";
    }

    /** A BIRD protocol name from a lab name (letters, digits, underscores). */
    static String ident(String name) {
        return "r_" + name.replace('-', '_');
    }
}
