package io.muslin.agent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A bordered text table, as {@code calicoctl node status} prints one. */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString()).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : width) {
            line.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder().append(line).append('\n');
        appendRow(sb, headers, width);
        sb.append(line).append('\n');
        for (List<String> r : rows) {
            appendRow(sb, r, width);
        }
        return sb.append(line).append('\n').toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int i = 0; i < width.length; i++) {
            sb.append(' ').append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length())).append(" |");
        }
        sb.append('\n');
    }
}
