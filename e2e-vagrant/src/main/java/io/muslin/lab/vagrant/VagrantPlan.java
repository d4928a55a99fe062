package io.muslin.lab.vagrant;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Rack;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual machines a topology becomes under Vagrant, derived from the same model the
 * namespace driver builds: one private network per rack plus one for the etcd hosts; a router VM
 * joined to all of them (each rack's gateway address; it routes between the racks and, in ToR
 * peering, takes each rack's nodes as BGP clients in the rack's AS); one VM per etcd member; one
 * VM per node on its rack's network. The Vagrantfile computes the same plan in Ruby; a test
 * compares the two.
 */
public final class VagrantPlan {
    private VagrantPlan() {
    }

    /** A private network: its name and the subnet. */
    public record Network(String name, String cidr) {}

    /** One interface of a VM: the network and the VM's address on it. */
    public record Nic(String network, String ip) {}

    /** A VM, its role ({@code router}, {@code etcd} or {@code node}) and its interfaces. */
    public record Machine(String name, String role, List<Nic> nics) {}

    public record Plan(List<Network> networks, List<Machine> machines) {}

    public static final String SERVICES = "services";

    public static Plan of(Topology t) {
        List<Network> networks = new ArrayList<>();
        List<Nic> routerNics = new ArrayList<>();
        for (Rack r : t.racks()) {
            networks.add(new Network(r.name(), r.subnet().toString()));
            routerNics.add(new Nic(r.name(), Topology.gateway(r).toString()));
        }
        networks.add(new Network(SERVICES, t.core().services().toString()));
        routerNics.add(new Nic(SERVICES, t.servicesGateway().toString()));
        List<Machine> machines = new ArrayList<>();
        machines.add(new Machine("router", "router", routerNics));
        for (int m = 1; m <= t.etcd().members(); m++) {
            machines.add(new Machine("etcd" + m, "etcd", List.of(new Nic(SERVICES, t.etcdAddress(m).toString()))));
        }
        for (Placed n : t.nodes()) {
            machines.add(new Machine(n.name(), "node", List.of(new Nic(n.rack().name(), Topology.nodeAddress(n).toString()))));
        }
        return new Plan(networks, machines);
    }
}
