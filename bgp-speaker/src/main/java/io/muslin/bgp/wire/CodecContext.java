package io.muslin.bgp.wire;

/**
 * What a session negotiated that changes the encoding of messages, plus the facts about the peer
 * that RFC 7606 checks depend on.
 *
 * @param fourOctetAs      both sides sent the 4-octet AS capability (RFC 6793)
 * @param extendedMessages both sides sent the extended message capability (RFC 8654)
 * @param external         the peer is in another AS (eBGP): LOCAL_PREF, ORIGINATOR_ID and
 *                         CLUSTER_LIST from it are discarded (RFC 7606 §7.5, §7.9, §7.10)
 * @param peerAs           the peer's AS, for the first-AS check (RFC 4271 §6.3); 0 to skip it
 */
public record CodecContext(boolean fourOctetAs, boolean extendedMessages, boolean external, long peerAs) {
    /** Before OPENs are exchanged: 2-octet AS, 4096-octet messages. */
    public static final CodecContext INITIAL = new CodecContext(false, false, false, 0);
    /** A modern iBGP session: 4-octet AS, standard message size. */
    public static final CodecContext IBGP_4OCTET = new CodecContext(true, false, false, 0);

    public int maxMessageLength() {
        return extendedMessages ? BgpMessage.MAX_EXTENDED_LENGTH : BgpMessage.MAX_LENGTH;
    }

    /** Bytes per AS number in AS_PATH and AGGREGATOR. */
    public int asSize() {
        return fourOctetAs ? 4 : 2;
    }
}
