package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the decoder: 100,000+ mutated messages per run, seeded (the seed is printed
 * on failure). Nothing but {@link BgpProtocolException} may escape, and a message that decodes
 * cleanly must re-encode to something that decodes to the same message.
 */
class CodecFuzzTest {
    static final int ITERATIONS = 120_000;

    @Test
    void noExceptionEscapesTheCodec() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        CodecContext[] contexts = {CodecContext.IBGP_4OCTET, new CodecContext(false, false, true, 65001),
                new CodecContext(true, true, true, 4200000001L)};
        for (BgpMessage m : MessageRoundTripTest.messages().toList()) {
            corpus.add(MessageEncoder.toBytes(m, CodecContext.IBGP_4OCTET));
        }
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        int decoded = 0, rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] base = corpus.get(random.nextInt(corpus.size()));
            byte[] mutated = mutate(base, random);
            CodecContext ctx = contexts[random.nextInt(contexts.length)];
            try {
                DecodedMessage d = MessageDecoder.decode(Unpooled.wrappedBuffer(mutated), ctx);
                decoded++;
                if (d.action() == ErrorAction.NONE && !(d.message() instanceof Open)) {
                    byte[] again = MessageEncoder.toBytes(d.message(), ctx);
                    DecodedMessage d2 = MessageDecoder.decode(Unpooled.wrappedBuffer(again), ctx);
                    assertThat(d2.message()).as("seed %d input %s", seed, Wire.hex(mutated)).isEqualTo(d.message());
                }
            } catch (BgpProtocolException e) {
                rejected++;
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + seed + ", input " + Wire.hex(mutated) + ": " + e, e);
            }
        }
        assertThat(decoded + rejected).isEqualTo(ITERATIONS);
        assertThat(decoded).as("some mutants must still decode").isPositive();
        assertThat(rejected).as("some mutants must be rejected").isPositive();
    }

    static byte[] mutate(byte[] base, SplittableRandom r) {
        byte[] b = base.clone();
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> { // flip random bytes in the body
                for (int n = 1 + r.nextInt(3); n > 0 && b.length > 19; n--) {
                    b[19 + r.nextInt(b.length - 19)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> { // truncate and fix the header length
                int len = Math.max(19, r.nextInt(b.length + 1));
                b = java.util.Arrays.copyOf(b, len);
            }
            case 2 -> { // append garbage
                byte[] extra = new byte[1 + r.nextInt(40)];
                r.nextBytes(extra);
                b = Wire.concat(b, extra);
            }
            case 3 -> { // change a byte that is likely a length (small values)
                if (b.length > 19) {
                    int i = 19 + r.nextInt(b.length - 19);
                    b[i] = (byte) (b[i] + (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(4)));
                }
            }
            case 4 -> { // header damage
                b[16 + r.nextInt(3)] = (byte) r.nextInt(256);
            }
            default -> { // random bytes throughout
                for (int n = 1 + r.nextInt(8); n > 0; n--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        if (kind != 4 && r.nextInt(4) != 0 && b.length <= 65535) {
            b[16] = (byte) (b.length >>> 8);
            b[17] = (byte) b.length;
        }
        return b;
    }
}
