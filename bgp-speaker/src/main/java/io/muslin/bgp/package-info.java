/**
 * Muslin's BGP-4 speaker. Sub-packages: {@code wire} (codec, RFC 4271/4760/5492/6793/7606/...),
 * {@code fsm} (sans-I/O session state machine, RFC 4271 §8), {@code transport} (Netty),
 * {@code cli} (the standalone {@code muslin-bgp}).
 */
package io.muslin.bgp;
