package io.muslin.exabgp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * A BGP speaker written for the test: it listens, answers ExaBGP's OPEN with its own (AS, BGP-LS
 * and 4-octet AS capabilities), then sends recorded UPDATE bytes as they are and End-of-RIB for
 * BGP-LS, and keeps the session open (answering nothing more) until closed.
 */
public final class RawBgpSource implements AutoCloseable {
    private final ServerSocket server;
    private volatile Socket socket;

    /** Listens on {@code address}:179; the socket is made on {@code namespace}'s thread, so it lives there. */
    public RawBgpSource(ExecutorService namespace, String address) throws Exception {
        this.server = namespace.submit(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getByName(address), 179));
            return s;
        }).get();
    }

    public static List<byte[]> recorded(String resource) throws IOException {
        try (InputStream in = RawBgpSource.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> HexFormat.of().parseHex(l.replace(" ", "").toLowerCase())).toList();
        }
    }

    /** Accepts one session and sends {@code updates}; returns once they are written. */
    public void serve(long as, String routerId, List<byte[]> updates) throws IOException {
        Socket s = server.accept();
        socket = s;
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] caps = ByteBuffer.allocate(14).put(new byte[] {1, 4, 0x40, 0x04, 0, 71})
                .put(new byte[] {65, 4}).putInt((int) as).array();
        ByteBuffer open = ByteBuffer.allocate(10 + 2 + caps.length).put((byte) 4).putShort((short) as).putShort((short) 90)
                .put(InetAddress.getByName(routerId).getAddress()).put((byte) (2 + caps.length)).put((byte) 2)
                .put((byte) caps.length).put(caps);
        out.write(message(1, open.array()));
        readMessage(in);
        out.write(message(4, new byte[0]));
        readMessage(in);
        for (byte[] u : updates) {
            out.write(u);
        }
        // End-of-RIB for BGP-LS: an UPDATE with an empty MP_UNREACH_NLRI for AFI 16388 / SAFI 71.
        out.write(message(2, HexFormat.of().parseHex("00000006800f03400447")));
        out.flush();
    }

    private static void readMessage(DataInputStream in) throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        in.readFully(new byte[length - 19]);
    }

    private static byte[] message(int type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(19 + body.length);
        for (int i = 0; i < 16; i++) {
            b.put((byte) 0xFF);
        }
        return b.putShort((short) (19 + body.length)).put((byte) type).put(body).array();
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        server.close();
    }
}
