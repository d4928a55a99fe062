/**
 * The BGP-4 wire codec, pure (reads and writes Netty {@code ByteBuf}s, never touches a channel).
 *
 * <p>Messages are data: {@link io.muslin.bgp.wire.BgpMessage} is a sealed interface over
 * {@code Open}, {@code Update}, {@code Notification}, {@code Keepalive} and {@code RouteRefresh}; path
 * attributes and capabilities are records, unknown ones are kept as bytes. Attribute encoding,
 * decoding and error actions are one table ({@code AttributeTable}); generic checks (header,
 * duplicates, flags) live once in {@code UpdateDecoder}. A decode returns a
 * {@link io.muslin.bgp.wire.DecodedMessage} with every RFC 7606 problem and the strongest action;
 * only errors that end the session are thrown, as {@link io.muslin.bgp.wire.BgpProtocolException}
 * carrying the NOTIFICATION to send. {@link io.muslin.bgp.wire.UpdatePacker} packs prefixes that
 * share attributes into as few UPDATEs as the session's message size allows. Prefixes and
 * addresses are {@code io.muslin.net} values.
 *
 * <p>RFCs: 4271 (BGP-4, §4 messages, §6 error handling), 4760 (multiprotocol, MP_REACH/MP_UNREACH),
 * 2545 (IPv6 next hops incl. link-local), 5492 (capabilities), 2918 and 7313 (route refresh,
 * enhanced), 6793 (4-octet AS, AS_TRANS, AS4_PATH/AS4_AGGREGATOR), 4724 (graceful restart
 * capability, End-of-RIB), 8654 (extended messages), 7911 (ADD-PATH capability, parsed only),
 * 1997 (communities), 4360 (extended communities), 8092 (large communities), 4456 (ORIGINATOR_ID,
 * CLUSTER_LIST), 5065 (confederation segments), 7606 (revised UPDATE error handling),
 * 9072 (extended optional parameters length), 4486 and 9003 (Cease subcodes, shutdown communication).
 */
package io.muslin.bgp.wire;
