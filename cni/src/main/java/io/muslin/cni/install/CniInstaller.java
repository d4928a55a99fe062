package io.muslin.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the plugin into the CNI directories, each file replaced atomically (temporary file or
 * directory, then a rename) and nothing else there touched:
 * <ol>
 * <li>the jars into {@code <binDir>/<plugin>.d/lib-<digest>/} (a new directory per content;
 *     the one in use stays until the next install), and the Java runtime into
 *     {@code <plugin>.d/runtime-<digest>/} when asked;</li>
 * <li>the launcher {@code <binDir>/<plugin>} (mode 0755) that points at them;</li>
 * <li>the conflist {@code <confDir>/<conflistName>} (mode 0644), this plugin chained with {@code portmap};</li>
 * <li>optionally the plugin's AOT cache, by one run of the launcher.</li>
 * </ol>
 */
public final class CniInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(CniInstaller.class);

    private CniInstaller() {
    }

    /** What an install wrote and removed. */
    public record Report(Path launcher, Path conflist, Path libDir, Optional<Path> runtime, boolean cacheMade,
                         List<Path> removed) {}

    public static Report install(InstallSpec spec) {
        try {
            return run(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("installing the CNI plugin failed: " + e.getMessage(), e);
        }
    }

    private static Report run(InstallSpec spec) throws IOException {
        Path clientJar = spec.jars().stream().filter(j -> j.getFileName().toString().startsWith("muslin-cni"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("jars: no muslin-cni jar among " + spec.jars()));
        for (Path j : spec.jars()) {
            if (!Files.isRegularFile(j)) {
                throw new IllegalArgumentException("jars: " + j + " is not a file");
            }
        }
        if (!Files.isExecutable(spec.javaHome().resolve("bin/java"))) {
            throw new IllegalArgumentException("javaHome: " + spec.javaHome() + "/bin/java is not executable");
        }
        Path pluginDir = spec.pluginDir();
        Files.createDirectories(pluginDir);
        Path launcher = spec.binDir().resolve(spec.pluginName());
        Optional<String> previousLib = previousLibName(launcher);

        String libName = "lib-" + digest(spec.jars());
        Path libDir = pluginDir.resolve(libName);
        if (!Files.isDirectory(libDir)) {
            Path tmp = pluginDir.resolve("." + libName + ".tmp-" + ProcessHandle.current().pid());
            deleteTree(tmp);
            Files.createDirectories(tmp);
            for (Path j : spec.jars()) {
                Files.copy(j, tmp.resolve(j.getFileName()));
            }
            AtomicFiles.move(tmp, libDir);
        }

        Optional<Path> runtime = Optional.empty();
        String java = spec.javaHome().resolve("bin/java").toString();
        if (spec.copyRuntime()) {
            String rtName = "runtime-" + digestOf(Files.readAllBytes(spec.javaHome().resolve("release")), spec.javaHome().toString());
            Path rt = pluginDir.resolve(rtName);
            if (!Files.isDirectory(rt)) {
                Path tmp = pluginDir.resolve("." + rtName + ".tmp-" + ProcessHandle.current().pid());
                deleteTree(tmp);
                copyTree(spec.javaHome(), tmp);
                AtomicFiles.move(tmp, rt);
            }
            runtime = Optional.of(rt);
            java = spec.hostPluginDir().resolve(rtName).resolve("bin/java").toString();
        }

        String script = template()
                .replace("@VERSION@", libName)
                .replace("@JAVA@", java)
                .replace("@LIB@", spec.hostPluginDir().resolve(libName).toString())
                .replace("@SOCKET@", spec.socket().toString())
                .replace("@CLIENT_JAR@", clientJar.getFileName().toString());
        AtomicFiles.write(launcher, script.getBytes(StandardCharsets.UTF_8), AtomicFiles.EXECUTABLE);

        Path conflist = spec.confDir().resolve(spec.conflistName());
        AtomicFiles.write(conflist, ConflistWriter.render(spec).getBytes(StandardCharsets.UTF_8), AtomicFiles.READABLE);

        List<Path> removed = new ArrayList<>();
        String keepRuntime = runtime.map(r -> r.getFileName().toString()).orElse("");
        try (Stream<Path> s = Files.list(pluginDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                boolean oldLib = n.startsWith("lib-") && !n.equals(libName) && !previousLib.map(n::equals).orElse(false);
                boolean oldRuntime = spec.copyRuntime() && n.startsWith("runtime-") && !n.equals(keepRuntime);
                if (oldLib || oldRuntime) {
                    deleteTree(p);
                    removed.add(p);
                }
            }
        }
        boolean cache = spec.trainCache() && spec.binDir().equals(spec.hostBinDir()) && makeCache(launcher);
        LOG.info("installed {} ({}) and {}", launcher, libDir, conflist);
        return new Report(launcher, conflist, libDir, runtime, cache, removed);
    }

    /**
     * The plugin's jars among {@code classPath} (the class path of the process that installs, e.g. the
     * CLI's): muslin-cni and the runtime dependencies its build recorded in {@code runtime-jars.txt}.
     */
    public static List<Path> pluginJars(List<Path> classPath) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        try (InputStream in = CniInstaller.class.getResourceAsStream("runtime-jars.txt")) {
            if (in == null) {
                throw new IllegalStateException("runtime-jars.txt is missing from the muslin-cni jar");
            }
            for (String e : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("[:\\n]")) {
                if (!e.isBlank()) {
                    wanted.add(Path.of(e.strip()).getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> out = new ArrayList<>();
        for (Path p : classPath) {
            String n = p.getFileName().toString();
            if (n.endsWith(".jar") && (n.startsWith("muslin-cni") || wanted.contains(n)) && Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The lib directory the launcher being replaced uses (kept one more round: a call may be starting with it). */
    private static Optional<String> previousLibName(Path launcher) {
        try {
            for (String line : Files.readAllLines(launcher)) {
                if (line.startsWith("LIB='")) {
                    return Optional.of(Path.of(line.substring(5, line.length() - 1)).getFileName().toString());
                }
            }
        } catch (IOException e) {
            // no launcher yet
        }
        return Optional.empty();
    }

    /** One run of the launcher without a server: it makes the AOT cache. */
    private static boolean makeCache(Path launcher) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
        pb.environment().put("CNI_COMMAND", "VERSION");
        pb.environment().put("MUSLIN_CNI_SOCKET", "/nonexistent/muslin-cni.sock");
        Process p = pb.start();
        p.getOutputStream().write("{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        try (InputStream in = p.getInputStream()) {
            in.readAllBytes();
        }
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static String template() throws IOException {
        try (InputStream in = CniInstaller.class.getResourceAsStream("launcher.sh")) {
            if (in == null) {
                throw new IOException("launcher.sh is missing from the muslin-cni jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String digest(List<Path> jars) throws IOException {
        MessageDigest md = sha256();
        for (Path j : jars.stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
            md.update(j.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(j));
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    }

    private static String digestOf(byte[] release, String home) {
        MessageDigest md = sha256();
        md.update(release);
        md.update(home.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
