package dev.talon.inspect.filter;

import com.google.re2j.Pattern;
import dev.talon.filter.FieldType;
import dev.talon.filter.Operator;
import dev.talon.inspect.field.Field;

import java.util.Arrays;

/**
 * Comparisons of one field value with constants prepared at compile time: strings compared char by char
 * in place (values are Latin-1 text, one char per capture byte), numbers as longs, addresses as bytes
 * with a prefix length. Nothing here allocates per event.
 */
final class Matchers {
    private Matchers() {}

    /** Whether value {@code i} of field {@code f} (already evaluated) satisfies the comparison. */
    interface Matcher {
        boolean match(Field f, int i);
    }

    static Matcher not(Matcher m) {
        return (f, i) -> !m.match(f, i);
    }

    // ---------------------------------------------------------------- text

    static Matcher text(Operator op, String[] values) {
        Matcher m = text0(op, values);
        return switch (op) {
            // scanning operators: worth remembering the result for the last (immutable) value
            case CONTAINS, ICONTAINS, ENDSWITH, GLOB, IGLOB, BCONTAINS, PMATCH, IN, INTERSECTS -> new LastValue(m);
            default -> m;
        };
    }

    /**
     * Keeps the result for the last value while the value is the same string instance: the state's strings
     * (proc.name, proc.cmdline, fd.name...) repeat across consecutive events of one thread or fd, and a
     * string's content never changes, so the scan is skipped. Values rebuilt in buffers are always matched.
     */
    static final class LastValue implements Matcher {
        final Matcher inner;
        private String last;
        private boolean lastResult;

        LastValue(Matcher inner) {
            this.inner = inner;
        }

        @Override
        public boolean match(Field f, int i) {
            return matchWith(inner, f, i);
        }

        /** {@link #match} with the wrapped matcher passed in (as a constant by generated filter code). */
        boolean matchWith(Matcher inner, Field f, int i) {
            if (f.text(i) instanceof String s) {
                if (s != last) {
                    lastResult = inner.match(f, i);
                    last = s;
                }
                return lastResult;
            }
            return inner.match(f, i);
        }
    }

    private static Matcher text0(Operator op, String[] values) {
        return switch (op) {
            case EQ, EQ_EQ, IN, INTERSECTS -> values.length == 1 ? new TextEq(values[0]) : new TextIn(values);
            case NE -> not(values.length == 1 ? new TextEq(values[0]) : new TextIn(values));
            case CONTAINS -> anyOf(values, v -> (f, i) -> indexOf(f.text(i), v, false) >= 0);
            case ICONTAINS -> anyOf(values, v -> {
                String lower = lowerAscii(v);
                return (f, i) -> indexOf(f.text(i), lower, true) >= 0;
            });
            case STARTSWITH -> anyOf(values, v -> (f, i) -> startsWith(f.text(i), v));
            case ENDSWITH -> anyOf(values, v -> (f, i) -> endsWith(f.text(i), v));
            case GLOB -> anyOf(values, v -> (f, i) -> Glob.matches(v, f.text(i), false));
            case IGLOB -> anyOf(values, v -> (f, i) -> Glob.matches(v, f.text(i), true));
            case REGEX -> anyOf(values, v -> new Regex(Pattern.compile(v)));
            case BCONTAINS -> anyOf(values, v -> {
                String bytes = hexBytes(v);
                return (f, i) -> indexOf(f.text(i), bytes, false) >= 0;
            });
            case BSTARTSWITH -> anyOf(values, v -> {
                String bytes = hexBytes(v);
                return (f, i) -> startsWith(f.text(i), bytes);
            });
            case PMATCH -> new PathPrefix(values);
            case LT -> (f, i) -> compare(f.text(i), values[0]) < 0;
            case LE -> (f, i) -> compare(f.text(i), values[0]) <= 0;
            case GT -> (f, i) -> compare(f.text(i), values[0]) > 0;
            case GE -> (f, i) -> compare(f.text(i), values[0]) >= 0;
            case EXISTS -> throw new IllegalArgumentException("exists is not a comparison");
        };
    }

    interface PerValue {
        Matcher of(String v);
    }

    private static Matcher anyOf(String[] values, PerValue per) {
        if (values.length == 1) return per.of(values[0]);
        Matcher[] ms = new Matcher[values.length];
        for (int k = 0; k < values.length; k++) ms[k] = per.of(values[k]);
        return (f, i) -> {
            for (Matcher m : ms) if (m.match(f, i)) return true;
            return false;
        };
    }

    /**
     * {@code regex} (RE2 semantics, whole value). re2j allocates per match, so the result for the last value
     * is kept while the value is the same immutable string (proc.name, fd.name of the same thread/fd are
     * the state's own strings): consecutive events of one thread or fd cost no match and no allocation.
     */
    static final class Regex implements Matcher {
        private final com.google.re2j.Matcher m;
        private String last;
        private boolean lastResult;

        Regex(Pattern p) {
            m = p.matcher("");
        }

        @Override
        public boolean match(Field f, int i) {
            CharSequence s = f.text(i);
            if (s instanceof String str) {
                if (str != last) {
                    lastResult = m.reset(str).matches();
                    last = str;
                }
                return lastResult;
            }
            return m.reset(s).matches();
        }
    }

    static final class TextEq implements Matcher {
        private final String v;

        TextEq(String v) {
            this.v = v;
        }

        @Override
        public boolean match(Field f, int i) {
            return contentEquals(f.text(i), v);
        }
    }

    /** Set membership by an open-addressing table of the constants, probed with a hash of the value's chars. */
    static final class TextIn implements Matcher {
        private final String[] table;
        private final int mask;

        TextIn(String[] values) {
            int size = Integer.highestOneBit(Math.max(4, values.length * 2) - 1) << 1;
            table = new String[size];
            mask = size - 1;
            for (String v : values) {
                int h = Field.hashText(v) & mask;
                while (table[h] != null && !table[h].equals(v)) h = (h + 1) & mask;
                table[h] = v;
            }
        }

        @Override
        public boolean match(Field f, int i) {
            CharSequence s = f.text(i);
            int h = f.textHash(i) & mask;
            while (true) {
                String t = table[h];
                if (t == null) return false;
                if (contentEquals(s, t)) return true;
                h = (h + 1) & mask;
            }
        }
    }

    /**
     * pmatch: the value is one of the paths or lies below one (directory boundary aware); a trailing slash
     * in a list path is ignored.
     */
    static final class PathPrefix implements Matcher {
        private final String[] paths;

        PathPrefix(String[] values) {
            paths = new String[values.length];
            for (int k = 0; k < values.length; k++) {
                String p = values[k];
                while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
                paths[k] = p;
            }
        }

        @Override
        public boolean match(Field f, int i) {
            CharSequence s = f.text(i);
            for (String p : paths) {
                if (!startsWith(s, p)) continue;
                if (s.length() == p.length() || p.equals("/") || s.charAt(p.length()) == '/') return true;
            }
            return false;
        }
    }

    // Field values are the state's Strings or a field's StringBuilder, constants are Strings: those pairs go
    // to the JDK's own array comparisons (intrinsics, fast from the first call), not to a charAt loop.

    static boolean contentEquals(CharSequence a, CharSequence b) {
        if (b instanceof String y) {
            if (a instanceof String x) return x.equals(y);
            if (a instanceof StringBuilder x) return y.contentEquals(x);
        }
        int n = b.length();
        if (a.length() != n) return false;
        for (int k = 0; k < n; k++) if (a.charAt(k) != b.charAt(k)) return false;
        return true;
    }

    static boolean startsWith(CharSequence s, CharSequence p) {
        if (p instanceof String y) {
            if (s instanceof String x) return x.startsWith(y);
            if (s instanceof StringBuilder x) return x.length() >= y.length() && x.lastIndexOf(y, 0) == 0;
        }
        int n = p.length();
        if (s.length() < n) return false;
        for (int k = 0; k < n; k++) if (s.charAt(k) != p.charAt(k)) return false;
        return true;
    }

    static boolean endsWith(CharSequence s, CharSequence p) {
        int n = p.length();
        int off = s.length() - n;
        if (off < 0) return false;
        if (p instanceof String y) {
            if (s instanceof String x) return x.endsWith(y);
            if (s instanceof StringBuilder x) return x.indexOf(y, off) == off; // only `off` can match
        }
        for (int k = 0; k < n; k++) if (s.charAt(off + k) != p.charAt(k)) return false;
        return true;
    }

    /** Index of {@code v} in {@code s}; with {@code lower}, {@code v} is lower case and s is folded (ASCII). */
    static int indexOf(CharSequence s, CharSequence v, boolean lower) {
        if (!lower && v instanceof String y) {
            if (s instanceof String x) return x.indexOf(y);
            if (s instanceof StringBuilder x) return x.indexOf(y);
        }
        int n = v.length();
        int last = s.length() - n;
        if (n == 0) return 0;
        char first = v.charAt(0);
        outer:
        for (int i = 0; i <= last; i++) {
            char c = s.charAt(i);
            if (lower && c >= 'A' && c <= 'Z') c += 32;
            if (c != first) continue;
            for (int k = 1; k < n; k++) {
                char d = s.charAt(i + k);
                if (lower && d >= 'A' && d <= 'Z') d += 32;
                if (d != v.charAt(k)) continue outer;
            }
            return i;
        }
        return -1;
    }

    static int compare(CharSequence a, CharSequence b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            int d = a.charAt(k) - b.charAt(k);
            if (d != 0) return d;
        }
        return a.length() - b.length();
    }

    static String lowerAscii(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    /** "2f62696e" → the bytes as Latin-1 chars. */
    static String hexBytes(String hex) {
        StringBuilder sb = new StringBuilder(hex.length() / 2);
        for (int k = 0; k + 1 < hex.length(); k += 2) {
            sb.append((char) Integer.parseInt(hex.substring(k, k + 2), 16));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- numbers

    static Matcher number(Operator op, long[] values, boolean unsigned) {
        return switch (op) {
            case EQ, EQ_EQ, IN, INTERSECTS -> {
                if (values.length == 1) {
                    long v = values[0];
                    yield (f, i) -> f.num(i) == v;
                }
                long[] sorted = values.clone();
                Arrays.sort(sorted);
                yield (f, i) -> Arrays.binarySearch(sorted, f.num(i)) >= 0;
            }
            case NE -> {
                long v = values[0];
                yield (f, i) -> f.num(i) != v;
            }
            case LT -> cmp(values[0], unsigned, c -> c < 0);
            case LE -> cmp(values[0], unsigned, c -> c <= 0);
            case GT -> cmp(values[0], unsigned, c -> c > 0);
            case GE -> cmp(values[0], unsigned, c -> c >= 0);
            default -> throw new IllegalArgumentException("'" + op.token() + "' does not compare numbers");
        };
    }

    interface Sign {
        boolean ok(int c);
    }

    private static Matcher cmp(long v, boolean unsigned, Sign s) {
        return unsigned ? (f, i) -> s.ok(Long.compareUnsigned(f.num(i), v)) : (f, i) -> s.ok(Long.compare(f.num(i), v));
    }

    static Matcher dbl(Operator op, double v) {
        return switch (op) {
            case EQ, EQ_EQ, IN, INTERSECTS -> (f, i) -> f.dbl() == v;
            case NE -> (f, i) -> f.dbl() != v;
            case LT -> (f, i) -> f.dbl() < v;
            case LE -> (f, i) -> f.dbl() <= v;
            case GT -> (f, i) -> f.dbl() > v;
            case GE -> (f, i) -> f.dbl() >= v;
            default -> throw new IllegalArgumentException("'" + op.token() + "' does not compare numbers");
        };
    }

    // ---------------------------------------------------------------- addresses

    /** An address or network constant: bytes and prefix length in bits. */
    record Net(byte[] addr, int bits) {
        boolean contains(Field f) {
            if (f.ipLength() != addr.length) return false;
            int full = bits / 8;
            for (int k = 0; k < full; k++) if ((byte) f.ipByte(k) != addr[k]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (f.ipByte(full) & mask) == (addr[full] & mask);
        }
    }

    static Matcher ip(Operator op, Net[] nets) {
        Matcher any = (f, i) -> {
            for (Net n : nets) if (n.contains(f)) return true;
            return false;
        };
        return switch (op) {
            case EQ, EQ_EQ, IN, INTERSECTS -> any;
            case NE -> not(any);
            default -> throw new IllegalArgumentException("'" + op.token() + "' does not compare addresses");
        };
    }

    // ---------------------------------------------------------------- DYN (evt.rawarg)

    /** A field whose representation depends on the event: numeric matcher for numbers, text otherwise. */
    static Matcher dyn(Matcher numeric, Matcher text) {
        return (f, i) -> f.kind() == Field.Kind.NUMBER
                ? numeric != null && numeric.match(f, i)
                : text != null && text.match(f, i);
    }

    static boolean unsigned(FieldType t) {
        return t == FieldType.UINT64 || t == FieldType.ABSTIME || t == FieldType.RELTIME;
    }
}
