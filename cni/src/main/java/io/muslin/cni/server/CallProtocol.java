package io.muslin.cni.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plugin server's wire format, simple enough for the launcher to speak with bash builtins
 * alone ({@code /dev/tcp}, {@code printf}, {@code read}). A request:
 * <pre>
 * MUSLIN-CNI/1 TOKEN\n
 * CNI_COMMAND=ADD\n          (the CNI_* variables, one per line; empty values mean unset)
 * ...
 * \n
 * LENGTH\n                   (bytes of standard input)
 * STDIN
 * </pre>
 * The answer: the exit status on a line, then the plugin's standard output until the server closes.
 */
public final class CallProtocol {
    public static final String MAGIC = "MUSLIN-CNI/1";
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_VARIABLES = 64;
    static final int MAX_INPUT = 16 * 1024 * 1024;

    private CallProtocol() {
    }

    /** One decoded request. */
    public record Request(Map<String, String> env, byte[] input) {}

    /** Reads a request; refuses a wrong token or a malformed request with an {@link IOException} saying why. */
    public static Request read(InputStream in, byte[] token) throws IOException {
        String first = line(in);
        if (!first.startsWith(MAGIC + " ")) {
            throw new IOException("not a " + MAGIC + " request");
        }
        if (!MessageDigest.isEqual(first.substring(MAGIC.length() + 1).getBytes(StandardCharsets.UTF_8), token)) {
            throw new IOException("wrong token");
        }
        Map<String, String> env = new TreeMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int eq = l.indexOf('=');
            if (eq <= 0 || !l.startsWith("CNI_") || env.size() >= MAX_VARIABLES) {
                throw new IOException("bad variable line");
            }
            if (eq < l.length() - 1) {
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        int length;
        try {
            length = Integer.parseInt(line(in));
        } catch (NumberFormatException e) {
            throw new IOException("bad input length");
        }
        if (length < 0 || length > MAX_INPUT) {
            throw new IOException("input length " + length + " out of range");
        }
        byte[] input = in.readNBytes(length);
        if (input.length != length) {
            throw new IOException("input ended after " + input.length + " of " + length + " bytes");
        }
        return new Request(env, input);
    }

    /** Encodes a request (what the launcher sends; for tests and Java callers). */
    public static byte[] encode(String token, Map<String, String> env, byte[] input) {
        StringBuilder sb = new StringBuilder(MAGIC).append(' ').append(token).append('\n');
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append('\n').append(input.length).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(input);
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("request ended early");
            }
            if (buf.size() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
