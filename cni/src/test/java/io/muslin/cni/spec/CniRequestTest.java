package io.muslin.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniRequestTest {
    static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "f00d");
        env.put("CNI_NETNS", "/run/netns/x");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web-0");
        return env;
    }

    @Test
    void readsTheVariablesAndTheArgs() {
        CniRequest r = CniRequest.fromEnvironment(env("ADD"));
        assertThat(r.command()).isEqualTo(CniCommand.ADD);
        assertThat(r.netns()).hasValue("/run/netns/x");
        assertThat(r.podName()).hasValue("web-0");
        assertThat(r.podNamespace()).hasValue("shop");
    }

    @Test
    void delMayComeWithoutANamespace() {
        Map<String, String> e = env("DEL");
        e.remove("CNI_NETNS");
        assertThat(CniRequest.fromEnvironment(e).netns()).isEmpty();
        Map<String, String> add = env("ADD");
        add.remove("CNI_NETNS");
        assertThatThrownBy(() -> CniRequest.fromEnvironment(add)).isInstanceOfSatisfying(CniError.class, x -> {
            assertThat(x.code()).isEqualTo(CniError.INVALID_ENVIRONMENT);
            assertThat(x.msg()).contains("CNI_NETNS");
        });
    }

    @Test
    void badValuesAreCode4NamingTheVariable() {
        for (String[] bad : new String[][] {{"CNI_COMMAND", "BOOT"}, {"CNI_CONTAINERID", "a/b"}, {"CNI_IFNAME", "a-very-long-name0"},
            {"CNI_IFNAME", "a/b"}, {"CNI_NETNS", "relative"}, {"CNI_ARGS", "novalue"}}) {
            Map<String, String> e = env("ADD");
            e.put(bad[0], bad[1]);
            assertThatThrownBy(() -> CniRequest.fromEnvironment(e)).as(bad[0] + "=" + bad[1])
                    .isInstanceOfSatisfying(CniError.class, x -> {
                        assertThat(x.code()).isEqualTo(CniError.INVALID_ENVIRONMENT);
                        assertThat(x.msg()).contains(bad[0]);
                    });
        }
    }
}
