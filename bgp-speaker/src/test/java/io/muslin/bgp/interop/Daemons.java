package io.muslin.bgp.interop;

import java.util.concurrent.TimeUnit;

final class Daemons {
    private Daemons() {
    }

    /** SIGTERM, then SIGKILL after 3 s: only the process this test started. */
    static void stop(Process process) {
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
