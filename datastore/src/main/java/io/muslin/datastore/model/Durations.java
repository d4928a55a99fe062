package io.muslin.datastore.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Calico writes them: "120s", "2m", "1h30m", "500ms". */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 120s, 2m, 1h30m)");
        }
        return d;
    }

    static void check(Check c, String field, String value) {
        if (value != null) {
            try {
                parse(value);
            } catch (IllegalArgumentException e) {
                c.fail(field, e.getMessage());
            }
        }
    }
}
