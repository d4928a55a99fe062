package io.muslin.cni.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plugin process when the node's agent runs a plugin server: it forwards the call (the
 * {@code CNI_*} variables and standard input) over a unix socket and prints the answer. It uses
 * the JDK only and loads a few dozen classes, so it starts in a fraction of the full plugin's
 * time. Exit status 75 (EX_TEMPFAIL), with standard input unread and nothing printed, means no
 * server answered the connection: the launcher then runs the whole plugin in its own process
 * ({@code io.muslin.cni.Main}) on the same standard input.
 *
 * <p>Wire format (one call per connection, {@link DataOutputStream} encoding): the request is the
 * number of variables, then each name and value ({@code writeUTF}), then the length of standard
 * input and its bytes; the answer is the exit status, then the length of the output and its bytes.
 */
public final class ThinClient {
    /** No server at the socket: the caller falls back to the in-process plugin. */
    public static final int NO_SERVER = 75;

    private ThinClient() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ThinClient SOCKET (CNI_* in the environment, the configuration on standard input)");
            System.exit(2);
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
        } catch (IOException e) {
            System.exit(NO_SERVER);
            return;
        }
        // Standard input is read only once a server answered: without one it stays unread for the whole plugin.
        byte[] input = System.in.readAllBytes();
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        try (ch) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            writeRequest(out, cniVariables(System.getenv()), input);
            out.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            int rc = in.readInt();
            byte[] answer = in.readNBytes(in.readInt());
            stdout.write(answer);
            stdout.flush();
            System.exit(rc);
        } catch (IOException e) {
            String msg = ("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the plugin server at " + args[0]
                    + " closed the call before answering\",\"details\":\"" + String.valueOf(e.getMessage()).replace('"', '\'') + "\"}");
            stdout.write(msg.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            System.exit(1);
        }
    }

    /** The variables a plugin call carries: {@code CNI_*}. */
    static Map<String, String> cniVariables(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("CNI_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    public static void writeRequest(DataOutputStream out, Map<String, String> env, byte[] input) throws IOException {
        out.writeInt(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(input.length);
        out.write(input);
    }

    public static Map<String, String> readRequestEnv(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1000) {
            throw new IOException("bad request: " + n + " variables");
        }
        Map<String, String> env = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            env.put(in.readUTF(), in.readUTF());
        }
        return env;
    }

    public static byte[] readRequestInput(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 16 * 1024 * 1024) {
            throw new IOException("bad request: " + len + " bytes of input");
        }
        return in.readNBytes(len);
    }

    /** Reads a whole stream (for tests). */
    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
