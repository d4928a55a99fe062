package io.muslin.bgp.transport;

import io.muslin.bgp.wire.CodecContext;
import io.netty.channel.Channel;

/** One of a peer's connections: its channel, and the codec its OPEN exchange agreed (the initial one before). */
final class PeerChannel {
    final Channel channel;
    CodecContext codec = CodecContext.INITIAL;

    PeerChannel(Channel channel) {
        this.channel = channel;
    }
}
