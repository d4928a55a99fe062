package io.muslin.datastore;

/** A write in a {@link Txn} branch, or a read of one key (for the failure branch). */
public sealed interface Op {
    String key();

    record Put(String key, byte[] value) implements Op {}

    record Delete(String key) implements Op {}

    /** Reads the key; results come back in {@link TxnResult#reads()} in order. */
    record Get(String key) implements Op {}

    static Op put(String key, byte[] value) {
        return new Put(key, value);
    }

    static Op delete(String key) {
        return new Delete(key);
    }

    static Op get(String key) {
        return new Get(key);
    }
}
