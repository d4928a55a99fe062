package io.muslin.ipam;

import java.util.List;

/** What a consistency check found (and, after a repair, what it fixed). */
public record ConsistencyReport(int blocks, int allocations, int handles, int affinities, List<Problem> problems,
                                List<String> repairs) {
    /** One finding: its kind, the object it concerns, and a sentence saying what is wrong. */
    public record Problem(Kind kind, String subject, String detail) {
        @Override
        public String toString() {
            return kind + " " + subject + ": " + detail;
        }
    }

    public enum Kind {
        BLOCK_INTERNAL, ALLOCATION_WITHOUT_HANDLE, HANDLE_MISSING, HANDLE_COUNT, HANDLE_DANGLING,
        BLOCK_WITHOUT_AFFINITY, AFFINITY_WITHOUT_BLOCK, MULTIPLE_OWNERS, STALE_PENDING_AFFINITY,
        OVERLAPPING_BLOCKS, BLOCK_OUTSIDE_POOLS
    }

    public ConsistencyReport {
        problems = List.copyOf(problems);
        repairs = List.copyOf(repairs);
    }

    public boolean clean() {
        return problems.isEmpty();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(blocks).append(" blocks, ").append(allocations).append(" allocations, ").append(handles)
                .append(" handles, ").append(affinities).append(" affinities: ")
                .append(problems.isEmpty() ? "consistent" : problems.size() + " problem(s)").append('\n');
        problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        repairs.forEach(r -> sb.append("  repaired: ").append(r).append('\n'));
        return sb.toString();
    }
}
