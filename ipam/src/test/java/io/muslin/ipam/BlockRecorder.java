package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records what a node-block watch tells, and waits for a particular set. */
final class BlockRecorder implements NodeBlockListener {
    final List<List<IpPrefix>> told = Collections.synchronizedList(new ArrayList<>());
    final List<String> connection = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onBlocks(String node, List<IpPrefix> blocks) {
        synchronized (this) {
            told.add(blocks);
            notifyAll();
        }
    }

    @Override
    public void onConnectionChange(boolean connected, String reason) {
        connection.add((connected ? "up: " : "down: ") + reason);
    }

    List<IpPrefix> last() {
        return told.isEmpty() ? null : told.getLast();
    }

    synchronized void awaitLast(List<IpPrefix> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!expected.equals(last()) && System.nanoTime() < deadline) {
            wait(20);
        }
        assertThat(last()).as("blocks told (all calls: %s)", told).isEqualTo(expected);
    }
}
