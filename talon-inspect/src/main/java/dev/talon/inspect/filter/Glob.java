package dev.talon.inspect.filter;

/**
 * Shell glob matching ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [!x]}) of a whole value,
 * like fnmatch without flags: {@code *} also matches {@code /}. Iterative with one backtrack point, so it
 * runs in O(n·m) at worst and never recurses.
 */
final class Glob {
    private Glob() {}

    static boolean matches(CharSequence pattern, CharSequence s, boolean ignoreCase) {
        int p = 0, i = 0, starP = -1, starI = 0;
        int pn = pattern.length(), n = s.length();
        while (i < n) {
            if (p < pn) {
                char pc = pattern.charAt(p);
                if (pc == '*') {
                    starP = p++;
                    starI = i;
                    continue;
                }
                if (pc == '?') {
                    p++;
                    i++;
                    continue;
                }
                if (pc == '[') {
                    int end = classEnd(pattern, p);
                    if (end > 0) {
                        if (inClass(pattern, p + 1, end, s.charAt(i), ignoreCase)) {
                            p = end + 1;
                            i++;
                            continue;
                        }
                    } else if (same(pc, s.charAt(i), ignoreCase)) {
                        p++;
                        i++;
                        continue;
                    }
                } else if (same(pc, s.charAt(i), ignoreCase)) {
                    p++;
                    i++;
                    continue;
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            i = ++starI;
        }
        while (p < pn && pattern.charAt(p) == '*') p++;
        return p == pn;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        if (a == b) return true;
        return ignoreCase && lower(a) == lower(b);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Index of the ']' closing the class at {@code open}, or -1 (then '[' is literal). */
    private static int classEnd(CharSequence p, int open) {
        int k = open + 1;
        if (k < p.length() && (p.charAt(k) == '!' || p.charAt(k) == '^')) k++;
        if (k < p.length() && p.charAt(k) == ']') k++;
        while (k < p.length() && p.charAt(k) != ']') k++;
        return k < p.length() ? k : -1;
    }

    private static boolean inClass(CharSequence p, int from, int end, char c, boolean ignoreCase) {
        boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
        if (negate) from++;
        boolean found = false;
        char lc = ignoreCase ? lower(c) : c;
        for (int k = from; k < end; k++) {
            char a = p.charAt(k);
            if (k + 2 < end && p.charAt(k + 1) == '-') {
                char b = p.charAt(k + 2);
                if ((c >= a && c <= b) || (ignoreCase && lc >= lower(a) && lc <= lower(b))) found = true;
                k += 2;
            } else if (same(a, c, ignoreCase)) {
                found = true;
            }
        }
        return found != negate;
    }
}
