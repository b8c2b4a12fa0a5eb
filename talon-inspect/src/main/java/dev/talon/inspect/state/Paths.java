package dev.talon.inspect.state;

import dev.talon.event.ByteText;

/** Path joining and normalisation the way libsinsp resolves relative paths (., .., duplicate slashes). */
public final class Paths {
    private Paths() {}

    /** No empty, "." or ".." component and no trailing slash (except "/" itself). */
    static boolean isNormal(String p) {
        int n = p.length();
        if (n == 0) return true;
        if (n > 1 && p.charAt(n - 1) == '/') return false;
        int segStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || p.charAt(i) == '/') {
                int len = i - segStart;
                if (len == 0 && i > 0 && i < n) return false;
                if (len == 1 && p.charAt(segStart) == '.') return false;
                if (len == 2 && p.charAt(segStart) == '.' && p.charAt(segStart + 1) == '.') return false;
                segStart = i + 1;
            }
        }
        return true;
    }

    /**
     * {@code base} + {@code path} normalised. An absolute {@code path} ignores {@code base}. The result keeps
     * a leading slash only when the inputs had one (an empty cwd yields a relative result, as in sysdig),
     * except that a relative path which cancels out entirely (".", "a/..") against an empty cwd is "/":
     * libsinsp's path sanitiser never returns an empty name for a non-empty path.
     */
    public static String resolve(String base, String path) {
        if (path.startsWith("/")) return normalize(path);
        if (base == null || base.isEmpty()) {
            String r = normalize(path);
            return r.isEmpty() && !path.isEmpty() ? "/" : r;
        }
        return normalize(base.endsWith("/") ? base + path : base + "/" + path);
    }

    /**
     * {@code p} with every byte outside printable ASCII (0x20-0x7e) replaced by '.', as libsinsp stores the
     * resolved path of an open (sysdig 0.29.3 prints {@code /tmp/caf..} for the UTF-8 {@code /tmp/café} and
     * {@code /tx.y} for a tab or newline inside the name, which so cannot break an output line). {@code p}
     * itself when it has no such byte.
     */
    public static String printable(String p) {
        int i = firstUnprintable(p);
        if (i < 0) return p;
        char[] c = p.toCharArray();
        for (; i < c.length; i++) if (!ByteText.isPrintable(c[i])) c[i] = '.';
        return new String(c);
    }

    /**
     * {@code s} without its bytes outside printable ASCII, as libsinsp takes an fd name from a capture's fd
     * list (sysdig 0.29.3: {@code /tmp/a\nbé} is {@code /tmp/ab}); {@code s} itself when it has none.
     */
    public static String withoutUnprintable(String s) {
        if (firstUnprintable(s) < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        appendWithoutUnprintable(b, s);
        return b.toString();
    }

    /** Appends {@code s} without its bytes outside printable ASCII (see {@link #withoutUnprintable}). */
    public static void appendWithoutUnprintable(StringBuilder out, CharSequence s) {
        int first = firstUnprintable(s);
        if (first < 0) {
            out.append(s); // the usual case, in one copy
            return;
        }
        out.append(s, 0, first);
        for (int i = first, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (ByteText.isPrintable(c)) out.append(c);
        }
    }

    /** Index of the first char outside printable ASCII, or -1. */
    private static int firstUnprintable(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!ByteText.isPrintable(s.charAt(i))) return i;
        }
        return -1;
    }

    public static String normalize(String p) {
        // most paths are already normal: keep them as they come (no split, no copy)
        return isNormal(p) ? p : normalizeSlow(p);
    }

    static String normalizeSlow(String p) {
        boolean abs = p.startsWith("/");
        String[] parts = p.split("/");
        String[] out = new String[parts.length];
        int n = 0;
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (n > 0 && !out[n - 1].equals("..")) n--;
                else if (!abs) out[n++] = s;
                continue;
            }
            out[n++] = s;
        }
        StringBuilder sb = new StringBuilder(p.length());
        if (abs) sb.append('/');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append('/');
            sb.append(out[i]);
        }
        return sb.toString();
    }
}
