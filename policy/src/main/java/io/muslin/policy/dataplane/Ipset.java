package io.muslin.policy.dataplane;

/** ipsets through {@code ipset save} and {@code ipset restore}. */
public interface Ipset {

    /** {@code ipset save}: every set with its members. */
    String save();

    /**
     * {@code ipset restore}: runs the commands in order and stops at the first that fails.
     *
     * @throws DataplaneException with the failing line
     */
    void restore(String script);
}
