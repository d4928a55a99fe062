package io.muslin.lab.vagrant;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Resources;
import io.muslin.lab.config.AgentConfigs;
import io.muslin.lab.config.LabResources;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Rack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what the VMs' provisioning scripts read, into a directory shared with the VMs:
 * {@code <node>/muslin.yaml} per node, {@code router/bird.conf}, and {@code etcd/resources.txt}
 * (key, then JSON value, per resource: for {@code etcdctl put}).
 */
public final class VagrantFiles {
    private VagrantFiles() {
    }

    public static void write(Topology t, Path dir) {
        try {
            for (Placed n : t.nodes()) {
                Path d = Files.createDirectories(dir.resolve(n.name()));
                Files.writeString(d.resolve("muslin.yaml"), AgentConfigs.agentYaml(t, n, "/var/lib/muslin"));
            }
            Files.writeString(Files.createDirectories(dir.resolve("router")).resolve("bird.conf"), birdRouter(t));
            StringBuilder res = new StringBuilder();
            ResourceStore keys = new ResourceStore(null);
            for (Resource r : LabResources.of(t)) {
                r.requireValid();
                res.append(keys.key(r)).append('\n').append(Resources.toJsonString(r)).append('\n');
            }
            Files.writeString(Files.createDirectories(dir.resolve("etcd")).resolve("resources.txt"), res);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Vagrant files into " + dir, e);
        }
    }

    /**
     * BIRD on the router VM, which stands for every rack's router and the core at once: it routes
     * between the racks it is attached to; in ToR peering each rack's nodes are iBGP clients of a
     * protocol in the rack's AS, routes from other racks handed on with the router as next hop.
     */
    static String birdRouter(Topology t) {
        StringBuilder b = new StringBuilder();
        b.append("# Muslin lab ").append(t.name()).append(" (Vagrant): the router VM\n");
        b.append("router id ").append(t.servicesGateway()).append(";\n");
        b.append("protocol device { scan time 5; }\n");
        b.append("protocol kernel { ipv4 { import none; export where source = RTS_BGP; }; }\n");
        if (t.peering() == Peering.TOR) {
            for (Placed n : t.nodes()) {
                Rack r = n.rack();
                b.append("protocol bgp ").append("n_").append(n.name().replace('-', '_')).append(" {\n");
                b.append("  local ").append(Topology.gateway(r)).append(" as ").append(r.tor().asNumber()).append(";\n");
                b.append("  neighbor ").append(Topology.nodeAddress(n)).append(" as ").append(r.tor().asNumber()).append(";\n");
                b.append("  rr client; direct; hold time 9; connect retry time 1; graceful restart on;\n");
                b.append("  ipv4 { import all; export where source = RTS_BGP; next hop self; };\n}\n");
            }
        }
        return b.toString();
    }
}
