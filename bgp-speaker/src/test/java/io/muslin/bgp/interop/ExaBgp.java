package io.muslin.bgp.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ExaBGP 4 ({@code exabgp} package) as a peer. It only connects out, so Muslin is passive towards
 * it. What it receives comes back through its process API as JSON, one object per line.
 */
final class ExaBgp extends DaemonProcess {

    ExaBgp() {
        super(Path.of("/usr/sbin/exabgp"), "exabgp");
    }

    @Override
    public String name() {
        return "exabgp";
    }

    @Override
    public boolean muslinPassive() {
        return true;
    }

    @Override
    public void start(Netns ns, Path dir, DaemonConfig c) throws Exception {
        this.ns = ns;
        this.dir = dir;
        Path recv = dir.resolve("recv.sh");
        // Not "exec cat": the shell must keep ExaBGP's stdout pipe open, or ExaBGP sees EOF and respawns it.
        Files.writeString(recv, "#!/bin/sh\ncat >> " + dir.resolve("received.json") + "\n");
        Files.setPosixFilePermissions(recv, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder s = new StringBuilder();
        s.append("process watch {\n    run ").append(recv).append(";\n    encoder json;\n}\n");
        for (String[] n : new String[][] {{c.muslinV4(), c.v4(), "ipv4 unicast"}, {c.muslinV6(), c.v6(), "ipv6 unicast"}}) {
            s.append("neighbor ").append(n[0]).append(" {\n")
                    .append("    router-id ").append(c.routerId()).append(";\n")
                    .append("    local-address ").append(n[1]).append(";\n")
                    .append("    local-as ").append(c.as()).append(";\n")
                    .append("    peer-as ").append(c.muslinAs()).append(";\n")
                    .append("    hold-time ").append(c.holdTime()).append(";\n");
            if (c.password() != null) {
                s.append("    md5-password \"").append(c.password()).append("\";\n");
            }
            s.append("    family { ").append(n[2]).append("; }\n")
                    .append("    api { processes [ watch ]; receive { parsed; update; } neighbor-changes; }\n")
                    .append("    static {\n");
            for (String p : n[2].startsWith("ipv4") ? c.originate4() : c.originate6()) {
                s.append("        route ").append(p).append(" next-hop ").append(n[1]).append(";\n");
            }
            s.append("    }\n}\n");
        }
        Files.writeString(dir.resolve("exabgp.conf"), s);
        launch();
    }

    private void launch() throws Exception {
        process = ns.start(dir.resolve("exabgp.out"), "env", "exabgp.daemon.user=root", "exabgp.daemon.daemonize=false",
                "exabgp.api.cli=false", "exabgp.log.destination=" + dir.resolve("exabgp.log"),
                "exabgp.tcp.connections=0", "/usr/sbin/exabgp", dir.resolve("exabgp.conf").toString());
        Thread.sleep(300);
        if (!process.isAlive()) {
            throw new IllegalStateException("exabgp exited: " + Files.readString(dir.resolve("exabgp.out")));
        }
    }

    /** Replays the JSON events: announcements and withdrawals per neighbour, cleared when it goes down. */
    @Override
    public Set<String> prefixesFromMuslin() throws Exception {
        Path file = dir.resolve("received.json");
        Map<String, Set<String>> byNeighbor = new HashMap<>();
        if (!Files.exists(file)) {
            return Set.of();
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            JsonNode e = json.readTree(line);
            String neighbor = e.path("neighbor").path("address").path("peer").asText();
            Set<String> routes = byNeighbor.computeIfAbsent(neighbor, k -> new HashSet<>());
            if ("state".equals(e.path("type").asText()) && "down".equals(e.path("neighbor").path("state").asText())) {
                routes.clear();
            }
            JsonNode update = e.path("neighbor").path("message").path("update");
            for (Iterator<JsonNode> families = update.path("withdraw").elements(); families.hasNext(); ) {
                for (JsonNode nlri : families.next()) {
                    routes.remove(nlri.path("nlri").asText());
                }
            }
            for (Iterator<JsonNode> families = update.path("announce").elements(); families.hasNext(); ) {
                for (Iterator<JsonNode> hops = families.next().elements(); hops.hasNext(); ) {
                    for (JsonNode nlri : hops.next()) {
                        routes.add(nlri.path("nlri").asText());
                    }
                }
            }
        }
        Set<String> out = new TreeSet<>();
        byNeighbor.values().forEach(out::addAll);
        return out;
    }

    @Override
    protected void relaunch() throws Exception {
        launch();
    }
}
