package dev.talon.rules;

import dev.talon.filter.FieldCatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule output format split into literal text and {@code %field} placeholders, by the same token rule
 * the loader validates with (the longest known field, optionally with {@code [arg]}, or a transformer
 * call; {@code %Nfield} pads/truncates to N characters). Formatters bind each field once.
 */
public final class OutputParts {
    private OutputParts() {
    }

    /** A piece of a format: literal {@code text} when {@code field} is null, else a field token. */
    public record Part(String text, String field, int width) {
        public boolean isField() {
            return field != null;
        }
    }

    /**
     * Splits {@code format}; a {@code %} that does not start a valid field stays literal text.
     *
     * @param format an output format that passed loading (leading {@code *} already removed)
     */
    public static List<Part> split(String format, FieldCatalog catalog) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char ch = format.charAt(i);
            if (ch == '%') {
                int j = i + 1;
                while (j < n && Character.isDigit(format.charAt(j))) {
                    j++;
                }
                int end = OutputFormat.token(format, j, catalog);
                if (end > j && j - i - 1 <= 6) {
                    if (!lit.isEmpty()) {
                        parts.add(new Part(lit.toString(), null, 0));
                        lit.setLength(0);
                    }
                    int width = j > i + 1 ? Integer.parseInt(format.substring(i + 1, j)) : 0;
                    parts.add(new Part(format.substring(i, end), format.substring(j, end), width));
                    i = end;
                    continue;
                }
            }
            lit.append(ch);
            i++;
        }
        if (!lit.isEmpty()) {
            parts.add(new Part(lit.toString(), null, 0));
        }
        return List.copyOf(parts);
    }
}
