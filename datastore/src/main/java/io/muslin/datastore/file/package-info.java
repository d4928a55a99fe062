/**
 * The embedded store: the {@link io.muslin.datastore.Datastore} contract for one process, kept in
 * memory and made durable in a directory. Every committed transaction is appended to a journal
 * (one checksummed line, fsync'd before the call returns); from time to time the whole state is
 * written to a snapshot through a temporary file, fsync and an atomic rename, and the journal is
 * cut. On open the snapshot is loaded and the journal replayed; a torn last line (a crash in the
 * middle of an append) fails its checksum and is dropped. A lock file keeps a second process out.
 */
package io.muslin.datastore.file;
