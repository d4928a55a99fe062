package io.muslin.bgp.interop;

import java.util.concurrent.TimeUnit;

public final class Daemons {
    private Daemons() {
    }

    /**
     * The prefixes of a JSON RIB ({@code {"prefix": [path, ...], ...}}, as FRR and GoBGP print it)
     * that have a path whose {@code peerField} is {@code peer}.
     */
    static java.util.Set<String> prefixesFrom(com.fasterxml.jackson.databind.JsonNode rib, String peerField, String peer) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (var e : rib.properties()) {
            for (com.fasterxml.jackson.databind.JsonNode path : e.getValue()) {
                if (peer.equals(path.path(peerField).asText())) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }

    /** SIGTERM, then SIGKILL after 3 s: only the process this test started. */
    public static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
