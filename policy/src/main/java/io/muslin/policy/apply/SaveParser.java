package io.muslin.policy.apply;

import io.muslin.policy.render.IpSetType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads our part of {@code iptables-save -t filter} and {@code ipset save} output. */
public final class SaveParser {

    /** The built-in chains of the filter table that we hook. */
    public static final List<String> BUILTINS = List.of("INPUT", "FORWARD", "OUTPUT");

    private final String chainPrefix;
    private final String ipsetPrefix;
    private final Pattern hashComment;

    public SaveParser(String chainPrefix, String ipsetPrefix, String hashPrefix) {
        this.chainPrefix = chainPrefix;
        this.ipsetPrefix = ipsetPrefix;
        this.hashComment = Pattern.compile("--comment \"?" + Pattern.quote(hashPrefix) + "([A-Za-z0-9_-]{16})\"?(?:\\s|$)");
    }

    public boolean isOurChain(String name) {
        return name.startsWith(chainPrefix);
    }

    public boolean isOurIpset(String name) {
        return name.startsWith(ipsetPrefix);
    }

    /** Our chains with their rule hashes, and our rules in the built-in chains. */
    public Iptables parseIptables(String save) {
        Map<String, List<String>> chains = new TreeMap<>();
        Map<String, List<KernelState.HookSeen>> hooks = new LinkedHashMap<>();
        BUILTINS.forEach(b -> hooks.put(b, new ArrayList<>()));
        Map<String, Integer> positions = new HashMap<>();
        boolean inFilter = false;
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                inFilter = line.equals("*filter");
                continue;
            }
            if (!inFilter) {
                continue;
            }
            if (line.startsWith(":")) {
                String name = line.substring(1, spaceOrEnd(line, 1));
                if (isOurChain(name)) {
                    chains.putIfAbsent(name, new ArrayList<>());
                }
            } else if (line.startsWith("-A ")) {
                String chain = line.substring(3, spaceOrEnd(line, 3));
                Matcher m = hashComment.matcher(line);
                String hash = m.find() ? m.group(1) : null;
                if (isOurChain(chain)) {
                    chains.computeIfAbsent(chain, k -> new ArrayList<>()).add(hash);
                } else if (hooks.containsKey(chain)) {
                    int pos = positions.merge(chain, 1, Integer::sum) - 1;
                    if (hash != null || jumpsToOurs(line)) {
                        hooks.get(chain).add(new KernelState.HookSeen(pos, hash, line));
                    }
                }
            }
        }
        return new Iptables(chains, hooks);
    }

    private boolean jumpsToOurs(String line) {
        return line.contains(" -j " + chainPrefix) || line.contains(" -g " + chainPrefix);
    }

    private static int spaceOrEnd(String s, int from) {
        int i = s.indexOf(' ', from);
        return i < 0 ? s.length() : i;
    }

    /** Our ipsets with their members. */
    public Map<String, KernelState.SetSeen> parseIpsets(String save) {
        Map<String, IpSetType> types = new TreeMap<>();
        Map<String, TreeSet<String>> members = new HashMap<>();
        for (String line : save.split("\n")) {
            String[] tok = line.trim().split("\\s+");
            if (tok.length >= 3 && tok[0].equals("create") && isOurIpset(tok[1])) {
                types.put(tok[1], IpSetType.ofIpsetName(tok[2]));
                members.putIfAbsent(tok[1], new TreeSet<>());
            } else if (tok.length >= 3 && tok[0].equals("add") && isOurIpset(tok[1])) {
                members.computeIfAbsent(tok[1], k -> new TreeSet<>()).add(tok[2]);
            }
        }
        Map<String, KernelState.SetSeen> out = new TreeMap<>();
        types.forEach((name, type) -> out.put(name, new KernelState.SetSeen(name, type, members.get(name))));
        return out;
    }

    /** The iptables half of {@link KernelState}. */
    public record Iptables(Map<String, List<String>> chains, Map<String, List<KernelState.HookSeen>> hooks) {
    }
}
