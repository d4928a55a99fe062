package io.muslin.datastore;

import java.util.ArrayList;
import java.util.List;

/**
 * An etcd-style transaction: if every {@link Compare} holds, the {@code onSuccess} operations run,
 * otherwise the {@code onFailure} ones; either way atomically, at one new store revision when
 * anything was written.
 */
public record Txn(List<Compare> compares, List<Op> onSuccess, List<Op> onFailure) {
    public Txn {
        compares = List.copyOf(compares);
        onSuccess = List.copyOf(onSuccess);
        onFailure = List.copyOf(onFailure);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects conditions and operations. */
    public static final class Builder {
        private final List<Compare> compares = new ArrayList<>();
        private final List<Op> success = new ArrayList<>();
        private final List<Op> failure = new ArrayList<>();

        public Builder when(Compare c) {
            compares.add(c);
            return this;
        }

        public Builder then(Op op) {
            success.add(op);
            return this;
        }

        public Builder otherwise(Op op) {
            failure.add(op);
            return this;
        }

        public Txn build() {
            return new Txn(compares, success, failure);
        }
    }
}
