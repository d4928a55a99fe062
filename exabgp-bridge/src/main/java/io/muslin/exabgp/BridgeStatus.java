package io.muslin.exabgp;

/**
 * The bridge at one moment, for {@code /status} and metrics.
 *
 * @param process       the supervisor's state: running, restarting (waiting out its backoff) or stopped
 * @param pid           ExaBGP's process id, or -1 when it is not running
 * @param restarts      times ExaBGP was started again after it died
 * @param lastExitCode  the exit code of the last ExaBGP that ended, or null
 * @param lastError     why it last died or failed to start, or empty
 * @param apiConnected  ExaBGP's API process is connected to the bridge
 * @param eventsRead    JSON lines read from ExaBGP
 * @param linesSkipped  lines that were not events the bridge understands (logged and skipped)
 * @param lastSkipped   why the last skipped line was skipped, or empty
 */
public record BridgeStatus(ExabgpProcess.State process, long pid, int restarts, Integer lastExitCode, String lastError,
                           boolean apiConnected, long eventsRead, long linesSkipped, String lastSkipped) {
}
