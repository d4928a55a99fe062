package io.muslin.netlink;

import java.util.List;

/** What came back for a {@link Batch}: the requests that failed, each with its errno; the rest succeeded. */
public record BatchResult(int sent, List<NetlinkException> failures) {

    public BatchResult {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** Throws the first failure (with the count of the others) if any request failed. */
    public void throwIfFailed() {
        if (!failures.isEmpty()) {
            NetlinkException first = failures.getFirst();
            if (failures.size() == 1) {
                throw first;
            }
            NetlinkException e = new NetlinkException(first.request(), first.errno(),
                    first.extAck() + " (and " + (failures.size() - 1) + " more failures)");
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }
}
