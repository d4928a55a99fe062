package io.muslin.datastore.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector (metav1.LabelSelector) as written in a NetworkPolicy: every
 * {@code matchLabels} pair and every {@code matchExpressions} requirement must hold; the empty
 * selector {@code {}} selects everything. Only the shape is checked here; the policy module
 * evaluates selectors.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
    public static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    /** The selector {@code {}}. */
    public static final LabelSelector ALL = new LabelSelector(null, null);

    public LabelSelector {
        matchLabels = matchLabels == null ? null : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? null : List.copyOf(matchExpressions);
    }

    /** {@code matchLabels} only, given as key, value, key, value, ... */
    public static LabelSelector matching(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs");
        }
        Map<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new LabelSelector(m, null);
    }

    /** One {@code matchExpressions} entry: {@code operator} is In, NotIn, Exists or DoesNotExist. */
    public record Requirement(String key, String operator, List<String> values) {
        public Requirement {
            values = values == null ? null : List.copyOf(values);
        }

        public List<String> valuesOrEmpty() {
            return values == null ? List.of() : values;
        }
    }

    public Map<String, String> matchLabelsOrEmpty() {
        return matchLabels == null ? Map.of() : matchLabels;
    }

    public List<Requirement> matchExpressionsOrEmpty() {
        return matchExpressions == null ? List.of() : matchExpressions;
    }

    void check(Check c, String field) {
        c.labels(field + ".matchLabels", matchLabels);
        List<Requirement> exprs = matchExpressionsOrEmpty();
        for (int i = 0; i < exprs.size(); i++) {
            Requirement r = exprs.get(i);
            String f = field + ".matchExpressions[" + i + "]";
            c.labelKey(f + ".key", r.key());
            c.require(f + ".operator", r.operator());
            c.oneOf(f + ".operator", r.operator(), OPERATORS);
            boolean needsValues = "In".equals(r.operator()) || "NotIn".equals(r.operator());
            boolean noValues = "Exists".equals(r.operator()) || "DoesNotExist".equals(r.operator());
            if (needsValues && r.valuesOrEmpty().isEmpty()) {
                c.fail(f + ".values", "operator " + r.operator() + " needs at least one value");
            }
            if (noValues && !r.valuesOrEmpty().isEmpty()) {
                c.fail(f + ".values", "operator " + r.operator() + " takes no values");
            }
            for (int j = 0; j < r.valuesOrEmpty().size(); j++) {
                c.labelValue(f + ".values[" + j + "]", r.values().get(j));
            }
        }
    }
}
