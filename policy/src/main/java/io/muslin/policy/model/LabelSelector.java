package io.muslin.policy.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector: {@code matchLabels} and {@code matchExpressions}, all of which must
 * hold. The empty selector matches everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** The empty selector, which selects every object. */
    public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

    /** Null {@code matchLabels} or {@code matchExpressions} (absent in the resource) mean none. */
    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(new TreeMap<>(matchLabels));
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** {@code matchLabels} only, given as key, value, key, value, ... */
    public static LabelSelector labels(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new LabelSelector(m, List.of());
    }

    /** This selector with one more expression. */
    public LabelSelector and(Requirement requirement) {
        List<Requirement> all = new ArrayList<>(matchExpressions);
        all.add(requirement);
        return new LabelSelector(matchLabels, all);
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** A stable text form, independent of the order the terms were given in; used for naming ipsets. */
    public String canonical() {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(matchLabels).forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        matchExpressions.stream()
                .map(Requirement::canonical)
                .sorted(Comparator.naturalOrder())
                .forEach(s -> sb.append(s).append(','));
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** The operators of a {@code matchExpressions} entry. */
    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist");

        private final String kubernetesName;

        Operator(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /** The operator as a NetworkPolicy writes it: {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}. */
        public static Operator of(String kubernetesName) {
            for (Operator o : values()) {
                if (o.kubernetesName.equals(kubernetesName)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown label selector operator '" + kubernetesName
                    + "' (expected In, NotIn, Exists or DoesNotExist)");
        }

        public String kubernetesName() {
            return kubernetesName;
        }
    }

    /** One {@code matchExpressions} entry. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = values == null ? List.of() : List.copyOf(values);
            boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
            if (needsValues && values.isEmpty()) {
                throw new IllegalArgumentException(operator + " on '" + key + "' needs at least one value");
            }
            if (!needsValues && !values.isEmpty()) {
                throw new IllegalArgumentException(operator + " on '" + key + "' takes no values");
            }
        }

        public static Requirement in(String key, String... values) {
            return new Requirement(key, Operator.IN, List.of(values));
        }

        public static Requirement notIn(String key, String... values) {
            return new Requirement(key, Operator.NOT_IN, List.of(values));
        }

        public static Requirement exists(String key) {
            return new Requirement(key, Operator.EXISTS, List.of());
        }

        public static Requirement doesNotExist(String key) {
            return new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
        }

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case IN -> v != null && values.contains(v);
                case NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }

        String canonical() {
            return key + " " + operator + " " + values.stream().sorted().toList();
        }
    }
}
