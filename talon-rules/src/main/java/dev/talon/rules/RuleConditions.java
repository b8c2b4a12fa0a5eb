package dev.talon.rules;

import java.util.ArrayList;
import java.util.List;

/** Builds a rule's condition text with its exceptions, exactly as Falco's compiler does. */
final class RuleConditions {
    private RuleConditions() {
    }

    /** {@code (condition)} followed by {@code and not E} for every exception with a non-empty expansion. */
    static String withExceptions(String condition, List<ExceptionSpec> exceptions) {
        if (exceptions.isEmpty()) {
            return condition;
        }
        StringBuilder sb = new StringBuilder("(").append(condition).append(")");
        for (ExceptionSpec e : exceptions) {
            String expansion = expand(e);
            if (!expansion.isEmpty()) {
                sb.append(" and not ").append(expansion);
            }
        }
        return sb.toString();
    }

    static String expand(ExceptionSpec e) {
        if (e.values().isEmpty()) {
            return "";
        }
        if (e.scalarForm()) {
            List<String> vals = new ArrayList<>();
            for (List<List<String>> row : e.values()) {
                vals.add(quoteIfSpaced(row.getFirst().getFirst()));
            }
            return "(" + e.fields().getFirst() + " " + e.comps().getFirst() + " (" + String.join(", ", vals) + "))";
        }
        List<String> rows = new ArrayList<>();
        for (List<List<String>> row : e.values()) {
            StringBuilder r = new StringBuilder("(");
            for (int i = 0; i < e.fields().size(); i++) {
                if (i > 0) {
                    r.append(" and");
                }
                r.append(' ').append(e.fields().get(i)).append(' ').append(e.comps().get(i)).append(' ')
                        .append(value(row.get(i), e.comps().get(i)));
            }
            rows.add(r.append(')').toString());
        }
        return "(" + String.join(" or ", rows) + ")";
    }

    /** A nested list becomes {@code (a, b)}; a scalar under a list operator is wrapped in parens. */
    private static String value(List<String> cell, String comp) {
        if (cell.size() != 1) {
            List<String> items = cell.stream().map(RuleConditions::quoteIfSpaced).toList();
            return "(" + String.join(", ", items) + ")";
        }
        String v = quoteIfSpaced(cell.getFirst());
        if (Collector.isListComp(comp) && !v.startsWith("(")) {
            return "(" + v + ")";
        }
        return v;
    }

    private static String quoteIfSpaced(String v) {
        return v.indexOf(' ') >= 0 && !v.startsWith("\"") && !v.startsWith("'") ? "\"" + v + "\"" : v;
    }
}
