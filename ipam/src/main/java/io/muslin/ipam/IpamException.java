package io.muslin.ipam;

/** An IPAM request that cannot be met; the message says which node, pool or address and why. */
public class IpamException extends RuntimeException {
    public IpamException(String message) {
        super(message);
    }

    public IpamException(String message, Throwable cause) {
        super(message, cause);
    }
}
