package io.muslin.datastore;

import io.muslin.datastore.model.Resource;

/** A resource as read from the store, with the modification revision an update must match. */
public record Stored<R extends Resource>(R resource, long revision) {}
