package io.muslin.datastore.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Calico's label selector language, the subset Muslin uses: {@code all()}, {@code has(k)},
 * {@code k == 'v'}, {@code k != 'v'}, {@code k in {'a','b'}}, {@code k not in {...}}, {@code !},
 * {@code &&}, {@code ||} and parentheses. An empty selector selects everything.
 */
public sealed interface Selector {
    boolean matches(Map<String, String> labels);

    static Selector parse(String text) {
        if (text == null || text.isBlank()) {
            return new All();
        }
        Parser p = new Parser(text);
        Selector s = p.or();
        p.skip();
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.substring(p.pos) + "'");
        }
        return s;
    }

    record All() implements Selector {
        public boolean matches(Map<String, String> l) {
            return true;
        }
    }

    record Has(String key) implements Selector {
        public boolean matches(Map<String, String> l) {
            return l.containsKey(key);
        }
    }

    record Eq(String key, String value, boolean negate) implements Selector {
        public boolean matches(Map<String, String> l) {
            return value.equals(l.get(key)) != negate;
        }
    }

    record In(String key, Set<String> values, boolean negate) implements Selector {
        public boolean matches(Map<String, String> l) {
            return (l.containsKey(key) && values.contains(l.get(key))) != negate;
        }
    }

    record Not(Selector inner) implements Selector {
        public boolean matches(Map<String, String> l) {
            return !inner.matches(l);
        }
    }

    record And(Selector a, Selector b) implements Selector {
        public boolean matches(Map<String, String> l) {
            return a.matches(l) && b.matches(l);
        }
    }

    record Or(Selector a, Selector b) implements Selector {
        public boolean matches(Map<String, String> l) {
            return a.matches(l) || b.matches(l);
        }
    }

    /** Recursive descent over the text. */
    final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("bad selector '" + s + "' at " + pos + ": " + why);
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String tok) {
            skip();
            if (s.startsWith(tok, pos)) {
                pos += tok.length();
                return true;
            }
            return false;
        }

        Selector or() {
            Selector left = and();
            while (eat("||")) {
                left = new Or(left, and());
            }
            return left;
        }

        Selector and() {
            Selector left = unary();
            while (eat("&&")) {
                left = new And(left, unary());
            }
            return left;
        }

        Selector unary() {
            if (eat("!")) {
                return new Not(unary());
            }
            if (eat("(")) {
                Selector inner = or();
                if (!eat(")")) {
                    throw error("missing ')'");
                }
                return inner;
            }
            if (eat("all()")) {
                return new All();
            }
            if (eat("has(")) {
                String k = key();
                if (!eat(")")) {
                    throw error("missing ')' after has(" + k);
                }
                return new Has(k);
            }
            String k = key();
            if (eat("==")) {
                return new Eq(k, string(), false);
            }
            if (eat("!=")) {
                return new Eq(k, string(), true);
            }
            if (eat("not in")) {
                return new In(k, set(), true);
            }
            if (eat("in")) {
                return new In(k, set(), false);
            }
            throw error("expected ==, !=, in or not in after '" + k + "'");
        }

        String key() {
            skip();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "-_./".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a label key");
            }
            return s.substring(start, pos);
        }

        String string() {
            skip();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("expected a quoted value");
            }
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        Set<String> set() {
            if (!eat("{")) {
                throw error("expected '{'");
            }
            Set<String> out = new HashSet<>();
            if (eat("}")) {
                return out;
            }
            do {
                out.add(string());
            } while (eat(","));
            if (!eat("}")) {
                throw error("expected '}'");
            }
            return out;
        }
    }
}
