package io.muslin.agent.peers;

import java.util.Optional;

/** Where BGP passwords come from: a secret's key, as a BGPPeer's {@code password.secretKeyRef} names it. */
@FunctionalInterface
public interface Secrets {
    /** The value of {@code key} in the secret {@code name}, or empty when either does not exist. */
    Optional<String> value(String name, String key);

    /** No secrets at all. */
    static Secrets none() {
        return (name, key) -> Optional.empty();
    }
}
