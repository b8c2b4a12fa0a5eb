package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.FieldType;
import dev.talon.filter.Transformer;

import java.util.List;

/**
 * Field transformers as fields over fields: {@code tolower}, {@code toupper}, {@code b64} (base64 decode),
 * {@code basename}, {@code len}, {@code concat}, {@code join} and {@code getopt}. Each renders into its own
 * reused buffer, so nesting ({@code toupper(basename(proc.exe))}) allocates nothing per event.
 */
public final class Transforms {
    private Transforms() {}

    /** A transformer applied to already-resolved arguments (fields, or constant strings for join/concat). */
    public static Field create(Transformer t, List<Object> args, String index, String written) throws UnknownFieldException {
        if (args.size() < t.minArgs() || args.size() > t.maxArgs()) {
            throw new UnknownFieldException("transformer '" + t.token() + "' takes " + t.minArgs()
                    + (t.maxArgs() == t.minArgs() ? "" : " or more") + " argument(s), got " + args.size());
        }
        return switch (t) {
            case TOLOWER, TOUPPER, B64, BASENAME -> unary(t, field(t, args.get(0)), written);
            case LEN -> len(field(t, args.get(0)), written);
            case CONCAT -> concat(args, null, written);
            case JOIN -> {
                if (!(args.get(0) instanceof String sep)) throw new UnknownFieldException("join() needs a separator string first");
                yield concat(args.subList(1, args.size()), sep, written);
            }
            case GETOPT -> getopt(field(t, args.get(0)), args.size() > 1 && args.get(1) instanceof String s ? s : null, index, written);
        };
    }

    private static Field field(Transformer t, Object o) throws UnknownFieldException {
        if (o instanceof Field f) return f;
        throw new UnknownFieldException("transformer '" + t.token() + "' needs a field argument");
    }

    private static Field unary(Transformer t, Field in, String written) {
        FieldType type = t == Transformer.B64 ? FieldType.BYTEBUF : FieldType.CHARBUF;
        return new Field(written, type) {
            private final StringBuilder sb = new StringBuilder(64);
            private final StringBuilder one = new StringBuilder(64);

            @Override
            public boolean eval(EventView e) {
                if (!in.eval(e)) return false;
                sb.setLength(0);
                if (in.kind() == Kind.TEXT) {
                    apply(t, in.text(0), sb);
                } else {
                    one.setLength(0);
                    in.append(one);
                    apply(t, one, sb);
                }
                text = sb;
                return true;
            }
        };
    }

    static void apply(Transformer t, CharSequence v, StringBuilder out) {
        switch (t) {
            case TOLOWER -> {
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                }
            }
            case TOUPPER -> {
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
                }
            }
            case BASENAME -> {
                int end = v.length();
                int slash = -1;
                for (int i = end - 1; i >= 0; i--) {
                    if (v.charAt(i) == '/') {
                        slash = i;
                        break;
                    }
                }
                out.append(v, slash + 1, end);
            }
            case B64 -> base64Decode(v, out);
            default -> out.append(v);
        }
    }

    /** Standard base64 (padding optional); an invalid input decodes to nothing, like libsinsp's failure. */
    static void base64Decode(CharSequence v, StringBuilder out) {
        int start = out.length();
        int acc = 0, bits = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            int d;
            if (c >= 'A' && c <= 'Z') d = c - 'A';
            else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
            else if (c >= '0' && c <= '9') d = c - '0' + 52;
            else if (c == '+') d = 62;
            else if (c == '/') d = 63;
            else if (c == '=') break;
            else {
                out.setLength(start);
                return;
            }
            acc = (acc << 6) | d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.append((char) ((acc >> bits) & 0xff));
            }
        }
    }

    private static Field len(Field in, String written) {
        return new Field(written, FieldType.UINT64) {
            @Override
            public boolean eval(EventView e) {
                if (!in.eval(e)) return false;
                if (in.count() != 1) num = in.count();
                else if (in.kind() == Kind.TEXT) num = in.text(0).length();
                else num = 0;
                return true;
            }
        };
    }

    private static Field concat(List<Object> parts, String sep, String written) {
        Object[] ps = parts.toArray();
        return new Field(written, FieldType.CHARBUF) {
            private final StringBuilder sb = new StringBuilder(64);

            @Override
            public boolean eval(EventView e) {
                sb.setLength(0);
                boolean first = true;
                for (Object p : ps) {
                    if (p instanceof Field f) {
                        if (!f.eval(e)) return false;
                        for (int i = 0; i < f.count(); i++) {
                            if (!first && sep != null) sb.append(sep);
                            first = false;
                            if (f.kind() == Kind.TEXT) sb.append(f.text(i));
                            else f.append(sb);
                        }
                    } else {
                        if (!first && sep != null) sb.append(sep);
                        first = false;
                        sb.append((String) p);
                    }
                }
                text = sb;
                return true;
            }
        };
    }

    /**
     * getopt(args)[c]: the value of option {@code -c} in a space-separated argument string ({@code -cVALUE}
     * or {@code -c VALUE}), or "" for a flag option present without value.
     */
    private static Field getopt(Field in, String optstring, String index, String written) throws UnknownFieldException {
        if (index == null || index.isEmpty()) throw new UnknownFieldException("getopt() needs an option letter: getopt(field)[c]");
        char opt = index.charAt(0);
        boolean takesValue = optstring == null || optstring.indexOf(opt + ":") >= 0 || optstring.indexOf(opt) < 0;
        return new Field(written, FieldType.CHARBUF) {
            private final StringBuilder sb = new StringBuilder(64);

            @Override
            public boolean eval(EventView e) {
                if (!in.eval(e)) return false;
                CharSequence v = in.kind() == Kind.TEXT ? in.text(0) : "";
                int n = v.length();
                int i = 0;
                while (i < n) {
                    while (i < n && v.charAt(i) == ' ') i++;
                    int s = i;
                    while (i < n && v.charAt(i) != ' ') i++;
                    if (i - s >= 2 && v.charAt(s) == '-' && v.charAt(s + 1) == opt) {
                        sb.setLength(0);
                        if (i - s > 2) {
                            sb.append(v, s + 2, i);
                        } else if (takesValue) {
                            while (i < n && v.charAt(i) == ' ') i++;
                            int vs = i;
                            while (i < n && v.charAt(i) != ' ') i++;
                            sb.append(v, vs, i);
                        }
                        text = sb;
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
