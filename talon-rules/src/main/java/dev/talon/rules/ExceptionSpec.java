package dev.talon.rules;

import java.util.List;

/**
 * A rule exception as written: {@code fields} and {@code comps} (one per field; in the scalar
 * form a single field and comparison), and {@code values}: rows of one entry per field, each
 * entry a list of strings (one string for a scalar, several for a nested YAML list). In the
 * scalar form each row holds a single one-string entry.
 */
public record ExceptionSpec(String name, List<String> fields, List<String> comps, List<List<List<String>>> values,
                            boolean scalarForm) {
    public ExceptionSpec {
        fields = List.copyOf(fields);
        comps = List.copyOf(comps);
        values = values.stream().map(r -> r.stream().map(List::copyOf).toList()).toList();
    }
}
