package io.muslin.cni.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.cni.spec.NetConf;
import io.muslin.cni.spec.CniVersions;

/**
 * The conflist the installer writes: this plugin first, then the standard {@code portmap}
 * (host ports, {@code snat} for hairpin and localhost), as Calico's does.
 */
public final class ConflistWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConflistWriter() {
    }

    public static String render(InstallSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("cniVersion", CniVersions.CURRENT).put("name", spec.networkName());
        var plugins = root.putArray("plugins");
        ObjectNode ours = plugins.addObject();
        ours.put("type", spec.pluginName());
        spec.nodeName().ifPresent(n -> ours.put("nodeName", n));
        spec.mtu().ifPresent(m -> ours.put("mtu", m));
        spec.stateDir().ifPresent(d -> ours.put("stateDir", d.toString()));
        ours.put("logLevel", "warn");
        ObjectNode ds = ours.putObject("datastore");
        switch (spec.datastore()) {
            case NetConf.Etcd e -> {
                ds.put("type", "etcd");
                ObjectNode etcd = ds.putObject("etcd");
                e.endpoints().forEach(etcd.putArray("endpoints")::add);
                e.caFile().ifPresent(p -> etcd.put("caFile", p.toString()));
                e.certFile().ifPresent(p -> etcd.put("certFile", p.toString()));
                e.keyFile().ifPresent(p -> etcd.put("keyFile", p.toString()));
                e.username().ifPresent(u -> etcd.put("username", u));
                e.passwordFile().ifPresent(p -> etcd.put("passwordFile", p.toString()));
            }
            case NetConf.FileStore f -> {
                ds.put("type", "file");
                ds.putObject("file").put("directory", f.directory().toString());
            }
        }
        ObjectNode portmap = plugins.addObject();
        portmap.put("type", "portmap").put("snat", true);
        portmap.putObject("capabilities").put("portMappings", true);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
