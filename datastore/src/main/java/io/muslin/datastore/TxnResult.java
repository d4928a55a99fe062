package io.muslin.datastore;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link Txn}: whether the conditions held, the store revision after it (the
 * modification revision of every key it put), and the results of its {@link Op.Get} operations in
 * order (empty for a key that does not exist).
 */
public record TxnResult(boolean succeeded, long revision, List<Optional<KeyValue>> reads) {
    public TxnResult {
        reads = List.copyOf(reads);
    }
}
