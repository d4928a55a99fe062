package io.muslin.lab.scenario;

import java.util.ArrayList;
import java.util.List;

/** What one scenario found: each check with whether it held, and notes (figures, paths). */
public final class Report {
    private final String scenario;
    private final List<String> failures = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    public Report(String scenario) {
        this.scenario = scenario;
    }

    /** Records a check; {@code what} says what should hold, with the value seen. */
    public boolean check(boolean holds, String what) {
        lines.add((holds ? "  ok    " : "  FAIL  ") + what);
        if (!holds) {
            failures.add(what);
        }
        return holds;
    }

    public void note(String text) {
        lines.add("  note  " + text);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public String render() {
        return String.format("== %s: %s (%.1f s)%n%s%n", scenario, passed() ? "passed" : "FAILED", seconds(), String.join("\n", lines));
    }
}
