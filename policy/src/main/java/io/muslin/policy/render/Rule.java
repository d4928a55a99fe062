package io.muslin.policy.render;

import java.util.ArrayList;
import java.util.List;

/**
 * One iptables rule as matches and an action, without the chain and without the hash comment,
 * e.g. {@code -m conntrack --ctstate INVALID -j DROP}. The chain it jumps to and the ipsets it
 * matches are read once, here.
 */
public final class Rule {

    private final String body;
    private final String target;
    private final List<String> ipsets;

    public Rule(String body) {
        if (body.isBlank() || body.contains("\n")) {
            throw new IllegalArgumentException("a rule is one non-empty line: '" + body + "'");
        }
        this.body = body;
        String t = argumentAfter(body, "-j ");
        this.target = t != null ? t : argumentAfter(body, "-g ");
        this.ipsets = setsIn(body);
    }

    public String body() {
        return body;
    }

    /** The chain or target this rule jumps or goes to, or null. */
    public String target() {
        return target;
    }

    /** The ipsets this rule matches on. */
    public List<String> ipsets() {
        return ipsets;
    }

    private static List<String> setsIn(String body) {
        List<String> sets = new ArrayList<>(2);
        int from = 0;
        while (true) {
            int i = body.indexOf("--match-set ", from);
            if (i < 0) {
                return List.copyOf(sets);
            }
            int start = i + "--match-set ".length();
            int end = body.indexOf(' ', start);
            sets.add(end < 0 ? body.substring(start) : body.substring(start, end));
            from = start;
        }
    }

    private static String argumentAfter(String body, String flag) {
        int i = body.startsWith(flag) ? 0 : body.indexOf(" " + flag);
        if (i < 0) {
            return null;
        }
        int start = body.indexOf(flag, i) + flag.length();
        int end = body.indexOf(' ', start);
        return end < 0 ? body.substring(start) : body.substring(start, end);
    }

    /** A {@code -m comment} fragment with characters iptables-restore cannot take replaced by '_'. */
    public static String comment(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean safe = Character.isLetterOrDigit(c) && c < 128 || " @%+=:,./_-[]()".indexOf(c) >= 0;
            sb.append(safe ? c : '_');
        }
        String s = sb.length() > 200 ? sb.substring(0, 200) : sb.toString();
        return "-m comment --comment \"" + s + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && r.body.equals(body);
    }

    @Override
    public int hashCode() {
        return body.hashCode();
    }

    @Override
    public String toString() {
        return body;
    }
}
