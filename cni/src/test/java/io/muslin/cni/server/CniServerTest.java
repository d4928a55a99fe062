package io.muslin.cni.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's wire format and its token, over a real loopback connection. */
class CniServerTest {
    @TempDir
    Path tmp;

    private static String call(int port, byte[] request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersACallWithTheTokenOfItsEndpointFileAndRefusesOthers() throws Exception {
        Path file = tmp.resolve("run/cni-server");
        try (CniServer server = CniServer.start(file)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String[] endpoint = Files.readString(file).strip().split(" ");
            assertThat(Integer.parseInt(endpoint[0])).isEqualTo(server.port());
            byte[] version = "{\"cniVersion\":\"0.4.0\"}".getBytes(StandardCharsets.UTF_8);

            String answer = call(server.port(), CallProtocol.encode(endpoint[1], Map.of("CNI_COMMAND", "VERSION"), version));
            assertThat(answer).startsWith("0\n{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[");

            String bad = call(server.port(), CallProtocol.encode("not-the-token", Map.of("CNI_COMMAND", "VERSION"), version));
            assertThat(bad).as("a wrong token gets no answer").isEmpty();

            String add = call(server.port(), CallProtocol.encode(endpoint[1], Map.of("CNI_COMMAND", "ADD"), "{".getBytes()));
            assertThat(add).as("errors come back as the plugin prints them").startsWith("1\n").contains("\"code\":6");
        }
        assertThat(file).as("closing removes the endpoint").doesNotExist();
    }
}
