package io.muslin.policy.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A traffic generator and server that runs inside one network namespace (started with
 * {@code ip netns exec <ns> java ... TrafficAgent <name>}) and takes one command per line on
 * stdin, answering one line on stdout:
 *
 * <pre>
 * listen tcp|udp PORT            echo server: answers each line/datagram with "pong NAME"
 * sink PORT                      counts datagrams by their first word, never answers
 * count PORT TAG                 ok N: datagrams with TAG the sink got
 * tcp IP PORT MS                 connect, ping, wait for the answer: ok | fail reason
 * udp IP PORT MS                 one datagram, wait for the answer
 * open ID IP PORT MS / send ID MS        a kept TCP connection and a ping over it
 * uopen ID IP PORT / usend ID MS         a kept UDP socket (fixed source port) and a ping over it
 * stream ID IP PORT MICROS       one-way datagrams "ID seq" until stop: each is NEW to conntrack
 * tcploop ID IP PORT             new connection + ping, again and again, until stop
 * stop ID                        ok SENT (stream) or ok OK FAILED (tcploop)
 * </pre>
 */
public final class TrafficAgent {

    private static final Map<String, Socket> TCP = new ConcurrentHashMap<>();
    private static final Map<String, DatagramSocket> UDP = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, AtomicLong>> SINKS = new ConcurrentHashMap<>();
    private static final Map<String, Job> JOBS = new ConcurrentHashMap<>();
    private static String name;

    private record Job(AtomicBoolean stop, Thread thread, AtomicLong ok, AtomicLong failed) {
    }

    public static void main(String[] args) throws IOException {
        name = args[0];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready " + name);
        String line;
        while ((line = in.readLine()) != null) {
            String[] t = line.trim().split("\\s+");
            String answer;
            try {
                answer = handle(t);
            } catch (Exception e) {
                answer = "fail " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (answer == null) {
                break;
            }
            out.println(answer.replace('\n', ' '));
        }
        System.exit(0);
    }

    private static String handle(String[] t) throws Exception {
        switch (t[0]) {
            case "listen":
                return t[1].equals("tcp") ? listenTcp(Integer.parseInt(t[2])) : listenUdp(Integer.parseInt(t[2]));
            case "sink":
                return sink(Integer.parseInt(t[1]));
            case "count": {
                AtomicLong n = SINKS.getOrDefault(t[1], Map.of()).get(t[2]);
                return "ok " + (n == null ? 0 : n.get());
            }
            case "tcp":
                return tcpPing(t[1], Integer.parseInt(t[2]), Integer.parseInt(t[3]));
            case "udp":
                return udpPing(t[1], Integer.parseInt(t[2]), Integer.parseInt(t[3]));
            case "open": {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(t[2], Integer.parseInt(t[3])), Integer.parseInt(t[4]));
                } catch (IOException e) {
                    s.close();
                    return "fail " + e.getMessage();
                }
                TCP.put(t[1], s);
                return "ok";
            }
            case "send":
                return exchange(TCP.get(t[1]), Integer.parseInt(t[2]));
            case "uopen": {
                DatagramSocket s = new DatagramSocket();
                s.connect(new InetSocketAddress(t[2], Integer.parseInt(t[3])));
                UDP.put(t[1], s);
                return "ok";
            }
            case "usend":
                return udpExchange(UDP.get(t[1]), Integer.parseInt(t[2]));
            case "stream":
                return stream(t[1], t[2], Integer.parseInt(t[3]), Long.parseLong(t[4]));
            case "tcploop":
                return tcpLoop(t[1], t[2], Integer.parseInt(t[3]));
            case "stop": {
                Job j = JOBS.remove(t[1]);
                if (j == null) {
                    return "fail no job " + t[1];
                }
                j.stop().set(true);
                j.thread().join();
                return "ok " + j.ok().get() + " " + j.failed().get();
            }
            case "quit":
                return null;
            default:
                return "fail unknown command " + t[0];
        }
    }

    private static String listenTcp(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(port));
        Thread.startVirtualThread(() -> {
            while (true) {
                try {
                    Socket s = ss.accept();
                    Thread.startVirtualThread(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return "ok";
    }

    private static void serve(Socket s) {
        try (s; BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream o = s.getOutputStream();
            while (r.readLine() != null) {
                o.write(("pong " + name + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    private static String listenUdp(int port) throws IOException {
        DatagramSocket ds = new DatagramSocket(port);
        Thread.startVirtualThread(() -> {
            byte[] buf = new byte[2048];
            byte[] pong = ("pong " + name).getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    ds.receive(p);
                    ds.send(new DatagramPacket(pong, pong.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return "ok";
    }

    private static String sink(int port) throws IOException {
        DatagramSocket ds = new DatagramSocket(port);
        ds.setReceiveBufferSize(4 << 20);
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        SINKS.put(String.valueOf(port), counts);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    ds.receive(p);
                    String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    int sp = msg.indexOf(' ');
                    counts.computeIfAbsent(sp < 0 ? msg : msg.substring(0, sp), k -> new AtomicLong()).incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "ok";
    }

    private static String tcpPing(String ip, int port, int ms) {
        return tcpPing(ip, port, ms, false);
    }

    /**
     * With {@code abortive}, the connection ends with a RST (SO_LINGER 0) instead of leaving its
     * port in TIME_WAIT: a loop of new connections on a slow machine would otherwise use up the
     * ephemeral ports (about 28,000) within its run and fail for that, not for the rules.
     */
    private static String tcpPing(String ip, int port, int ms, boolean abortive) {
        try (Socket s = new Socket()) {
            if (abortive) {
                s.setSoLinger(true, 0);
            }
            s.connect(new InetSocketAddress(ip, port), ms);
            return exchange(s, ms);
        } catch (IOException e) {
            return "fail " + e.getMessage();
        }
    }

    private static String exchange(Socket s, int ms) {
        if (s == null) {
            return "fail no such connection";
        }
        try {
            s.setSoTimeout(ms);
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = s.getInputStream().read()) != -1 && c != '\n') {
                sb.append((char) c);
            }
            return c == -1 ? "fail closed" : "ok " + sb;
        } catch (SocketTimeoutException e) {
            return "fail timeout";
        } catch (IOException e) {
            return "fail " + e.getMessage();
        }
    }

    private static String udpPing(String ip, int port, int ms) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(ip, port));
            return udpExchange(s, ms);
        }
    }

    private static String udpExchange(DatagramSocket s, int ms) {
        if (s == null) {
            return "fail no such socket";
        }
        try {
            s.setSoTimeout(ms);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length));
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return "ok " + new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "fail timeout";
        } catch (IOException e) {
            return "fail " + e.getMessage();
        }
    }

    private static String stream(String id, String ip, int port, long micros) throws IOException {
        DatagramSocket s = new DatagramSocket();
        InetAddress to = InetAddress.getByName(ip);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        Thread t = new Thread(() -> {
            long next = System.nanoTime();
            try (s) {
                while (!stop.get()) {
                    byte[] b = (id + " " + sent.get()).getBytes(StandardCharsets.UTF_8);
                    try {
                        s.send(new DatagramPacket(b, b.length, to, port));
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        // EPERM from a local drop would show here; the count says what left.
                    }
                    next += micros * 1000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
        });
        t.start();
        JOBS.put(id, new Job(stop, t, sent, new AtomicLong()));
        return "ok";
    }

    private static String tcpLoop(String id, String ip, int port) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                if (tcpPing(ip, port, 2000, true).startsWith("ok")) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }
        });
        t.start();
        JOBS.put(id, new Job(stop, t, ok, failed));
        return "ok";
    }
}
