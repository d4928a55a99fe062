package io.muslin.cni;

import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.CniJson;
import io.muslin.cni.spec.CniVersions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin's process when no plugin server answers (see {@code io.muslin.cni.client.ThinClient}):
 * the whole plugin in this process. The runtime sets {@code CNI_*}, writes the network
 * configuration on standard input and reads the result or the error from standard output; the
 * exit status is 0 on success and 1 on error. Log lines go to standard error.
 */
public final class Main {
    private static final Pattern LOG_LEVEL = Pattern.compile("\"logLevel\"\\s*:\\s*\"(error|warn|info|debug|trace)\"");

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        byte[] input;
        try {
            input = System.in.readAllBytes();
        } catch (IOException e) {
            out.print(CniJson.error(new CniError(CniError.IO_FAILURE, "cannot read standard input", e.getMessage()), CniVersions.CURRENT));
            out.flush();
            System.exit(1);
            return;
        }
        configureLogging(input);
        int rc = PluginCall.direct(null).run(System.getenv(), input, out);
        out.flush();
        System.exit(rc);
    }

    /** SLF4J simple on standard error at the configuration's {@code logLevel} (set before the first logger exists). */
    static void configureLogging(byte[] input) {
        Matcher m = LOG_LEVEL.matcher(new String(input, StandardCharsets.UTF_8));
        String level = m.find() ? m.group(1) : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        // The etcd client and its transport retry on their own and say so at WARN; the plugin reports the outcome.
        System.setProperty("org.slf4j.simpleLogger.log.io.etcd", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "error");
    }
}
