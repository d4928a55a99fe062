package io.muslin.netlink.linux;

/** What {@link LinuxNetlink} needs from a socket; tests substitute a scripted kernel. */
interface Transport {
    void send(byte[] buf, int len);

    /** One datagram into {@link #buffer()}; -1 on timeout. */
    int receive();

    byte[] buffer();

    void release();

    /** The socket's netlink port id (0 when unknown). */
    default int portId() {
        return 0;
    }
}
