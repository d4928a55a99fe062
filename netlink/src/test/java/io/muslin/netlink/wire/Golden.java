package io.muslin.netlink.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Loads a golden vector from {@code src/test/resources/golden/NAME.hex} (hex bytes, '#' comments). */
final class Golden {
    private Golden() {
    }

    static byte[] load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden vector " + name);
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.replaceAll("\\s+", ""));
                }
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sequence number iproute2 used in the capture (we encode with the same one). */
    static int seq(byte[] golden) {
        return NlBytes.u32(golden, 8);
    }

    static NlMessage message(byte[] b) {
        NlMessage[] out = new NlMessage[1];
        NlMessage.parseAll(b, b.length, m -> out[0] = m);
        return out[0];
    }
}
