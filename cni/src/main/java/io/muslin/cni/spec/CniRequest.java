package io.muslin.cni.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the runtime passes in the environment ({@code CNI_COMMAND}, {@code CNI_CONTAINERID},
 * {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS}, {@code CNI_PATH}), validated as the
 * specification requires for the command. {@code netns} may be empty for DEL (the namespace is
 * already gone).
 */
public record CniRequest(CniCommand command, String containerId, Optional<String> netns, String ifname,
                         Map<String, String> args) {

    /** The specification's rule for container ids. */
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public CniRequest {
        args = Map.copyOf(args);
    }

    /** Reads and checks the {@code CNI_*} variables; a bad one is error 4 naming it. */
    public static CniRequest fromEnvironment(Map<String, String> env) {
        CniCommand command = CniCommand.parse(env.get("CNI_COMMAND"));
        if (!command.needsContainer()) {
            return new CniRequest(command, "", Optional.empty(), "", parseArgs(env.get("CNI_ARGS")));
        }
        String id = env.get("CNI_CONTAINERID");
        if (id == null || id.isBlank()) {
            throw CniError.badEnvironment("CNI_CONTAINERID", "is required for " + command);
        }
        if (!CONTAINER_ID.matcher(id).matches()) {
            throw CniError.badEnvironment("CNI_CONTAINERID", "'" + id + "' must hold only letters, digits, '_', '.' and '-'");
        }
        String ifname = env.get("CNI_IFNAME");
        if (ifname == null || ifname.isBlank()) {
            throw CniError.badEnvironment("CNI_IFNAME", "is required for " + command);
        }
        if (ifname.length() > 15 || ifname.contains("/") || ifname.contains(":") || ifname.equals(".") || ifname.equals("..")
                || ifname.chars().anyMatch(Character::isWhitespace)) {
            throw CniError.badEnvironment("CNI_IFNAME", "'" + ifname + "' is not a Linux interface name (1 to 15 characters, no '/', ':' or spaces)");
        }
        String netns = env.get("CNI_NETNS");
        Optional<String> ns = netns == null || netns.isBlank() ? Optional.empty() : Optional.of(netns);
        if (ns.isEmpty() && command != CniCommand.DEL) {
            throw CniError.badEnvironment("CNI_NETNS", "is required for " + command);
        }
        if (ns.isPresent() && !ns.get().startsWith("/")) {
            throw CniError.badEnvironment("CNI_NETNS", "'" + ns.get() + "' is not an absolute path");
        }
        return new CniRequest(command, id, ns, ifname, parseArgs(env.get("CNI_ARGS")));
    }

    /** {@code CNI_ARGS}: {@code K=V} pairs separated by {@code ;}. */
    static Map<String, String> parseArgs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CniError.badEnvironment("CNI_ARGS", "'" + pair + "' is not KEY=VALUE");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    /** The pod's name ({@code K8S_POD_NAME}), if the runtime says. */
    public Optional<String> podName() {
        return Optional.ofNullable(args.get("K8S_POD_NAME")).filter(s -> !s.isBlank());
    }

    /** The pod's namespace ({@code K8S_POD_NAMESPACE}), if the runtime says. */
    public Optional<String> podNamespace() {
        return Optional.ofNullable(args.get("K8S_POD_NAMESPACE")).filter(s -> !s.isBlank());
    }
}
