package io.muslin.policy.dataplane;

/** The filter table through iptables-save and iptables-restore. */
public interface Iptables {

    /** {@code iptables-save -t filter}. */
    String save();

    /**
     * {@code iptables-restore --noflush}: one transaction per {@code *filter ... COMMIT} block;
     * a block that fails changes nothing.
     *
     * @throws DataplaneException with the failing line
     */
    void restore(String input);

    Backend backend();
}
