package io.muslin.policy.render;

/**
 * One iptables rule as matches and an action, without the chain and without the hash comment,
 * e.g. {@code -m conntrack --ctstate INVALID -j DROP}.
 */
public record Rule(String body) {

    public Rule {
        if (body.isBlank() || body.contains("\n")) {
            throw new IllegalArgumentException("a rule is one non-empty line: '" + body + "'");
        }
    }

    /** The chain this rule jumps or goes to, or null. */
    public String target() {
        String t = argumentAfter("-j ");
        if (t == null) {
            t = argumentAfter("-g ");
        }
        return t;
    }

    /** The ipset this rule matches on, or null; a rule here matches at most two sets. */
    public java.util.List<String> ipsets() {
        java.util.List<String> sets = new java.util.ArrayList<>(2);
        int from = 0;
        while (true) {
            int i = body.indexOf("--match-set ", from);
            if (i < 0) {
                return sets;
            }
            int start = i + "--match-set ".length();
            int end = body.indexOf(' ', start);
            sets.add(end < 0 ? body.substring(start) : body.substring(start, end));
            from = start;
        }
    }

    private String argumentAfter(String flag) {
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
}
