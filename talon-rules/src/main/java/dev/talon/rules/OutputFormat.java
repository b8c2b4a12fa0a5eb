package dev.talon.rules;

import dev.talon.filter.FieldCatalog;
import dev.talon.filter.Transformer;

/**
 * Validates a rule output format: every {@code %field} (optionally {@code %Nfield}, with
 * {@code [arg]} or a transformer call) must name a known field. {@code %container.info} is
 * deprecated and replaced by the empty string.
 */
final class OutputFormat {
    private OutputFormat() {
    }

    record Result(String format, String error, boolean usedContainerInfo) {
    }

    static Result check(String format, FieldCatalog catalog) {
        StringBuilder out = new StringBuilder(format.length());
        boolean containerInfo = false;
        int i = 0;
        int n = format.length();
        while (i < n) {
            char ch = format.charAt(i);
            if (ch != '%') {
                out.append(ch);
                i++;
                continue;
            }
            int start = i;
            int j = i + 1;
            while (j < n && Character.isDigit(format.charAt(j))) {
                j++;
            }
            if (format.startsWith("container.info", j) && (j + 14 == n || !isNamePart(format.charAt(j + 14)))) {
                containerInfo = true;
                i = j + 14;
                continue;
            }
            int end = token(format, j, catalog);
            if (end < 0) {
                return new Result(format, "invalid formatting token at position " + (start + 1) + ": '"
                        + format.substring(start, Math.min(n, start + 24)) + "'", false);
            }
            out.append(format, start, end);
            i = end;
        }
        String f = out.toString();
        if (containerInfo) {
            f = f.replaceAll(" +$", "").replaceAll("  +", " ");
        }
        return new Result(f, null, containerInfo);
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    /** End of a valid field or transformer token starting at {@code j}, or -1. */
    static int token(String s, int j, FieldCatalog catalog) {
        int k = j;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        if (k < s.length() && s.charAt(k) == '(' && Transformer.fromToken(s.substring(j, k)) != null) {
            int depth = 0;
            for (int m = k; m < s.length(); m++) {
                if (s.charAt(m) == '(') {
                    depth++;
                } else if (s.charAt(m) == ')' && --depth == 0) {
                    return m + 1;
                }
            }
            return -1;
        }
        // longest dotted name that resolves, then an optional [arg]
        int best = -1;
        int e = j;
        while (true) {
            int p = e;
            if (p >= s.length() || !Character.isLetter(s.charAt(p))) {
                break;
            }
            while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) {
                p++;
            }
            String name = s.substring(j, p);
            int close = -1;
            if (p < s.length() && s.charAt(p) == '[') {
                close = s.indexOf(']', p);
            }
            if (close > 0 && catalog.resolve(name, s.substring(p + 1, close)).isPresent()) {
                best = close + 1;
            } else if (catalog.resolve(name, null).isPresent()) {
                best = p;
            }
            if (p < s.length() && s.charAt(p) == '.') {
                e = p + 1;
            } else {
                break;
            }
        }
        return best;
    }
}
