package dev.talon.filter;

import java.util.List;

/**
 * Canonical text of an AST, the form Falco shows as a rule's compiled condition: single spaces
 * around operators, every {@code and}/{@code or} group in one pair of parentheses, {@code not x}
 * without extra ones, lists as {@code (a, b)}, values quoted only when they need it. Parsing the
 * printed text gives back an equal AST.
 */
public final class FilterPrinter {
    private FilterPrinter() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    public static String print(Operand o) {
        StringBuilder sb = new StringBuilder();
        print(o, sb);
        return sb.toString();
    }

    private static void print(Expr e, StringBuilder sb) {
        switch (e) {
            case Expr.And a -> group(a.children(), " and ", sb);
            case Expr.Or o -> group(o.children(), " or ", sb);
            case Expr.Not n -> {
                sb.append("not ");
                print(n.child(), sb);
            }
            case Expr.MacroRef m -> sb.append(m.name());
            case Expr.UnaryCheck u -> {
                print(u.lhs(), sb);
                sb.append(' ').append(u.op().token());
            }
            case Expr.BinaryCheck b -> {
                print(b.lhs(), sb);
                sb.append(' ').append(b.op().token()).append(' ');
                if (b.modifier() != ListModifier.NONE) {
                    sb.append(b.modifier().token()).append(' ');
                }
                print(b.rhs(), sb);
            }
        }
    }

    private static void group(List<Expr> children, String sep, StringBuilder sb) {
        sb.append('(');
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            print(children.get(i), sb);
        }
        sb.append(')');
    }

    private static void print(Operand o, StringBuilder sb) {
        switch (o) {
            case Operand.FieldRef f -> {
                sb.append(f.name());
                if (f.argument() != null) {
                    sb.append('[').append(fieldArg(f.argument())).append(']');
                }
            }
            case Operand.Transform t -> {
                sb.append(t.transformer().token()).append('(');
                joinArgs(t.args(), sb);
                sb.append(')');
                if (t.index() != null) {
                    sb.append('[').append(fieldArg(t.index())).append(']');
                }
            }
            case Operand.Val v -> {
                sb.append("val(");
                print(v.field(), sb);
                sb.append(')');
            }
            case Operand.Literal l -> sb.append(literal(l));
            case Operand.ListLiteral l -> {
                sb.append('(');
                for (int i = 0; i < l.items().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(literal(l.items().get(i)));
                }
                sb.append(')');
            }
            case Operand.ListRef r -> sb.append(r.name());
            case Operand.ArgList a -> {
                sb.append('(');
                joinArgs(a.items(), sb);
                sb.append(')');
            }
        }
    }

    /** Transformer arguments: a constant there is a number or a quoted string, never a bare word. */
    private static void joinArgs(List<Operand> items, StringBuilder sb) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (items.get(i) instanceof Operand.Literal l && !Lexer.isNumber(l.text())) {
                sb.append(quote(l.text()));
            } else {
                print(items.get(i), sb);
            }
        }
    }

    /**
     * A literal as it must be written: bare when it lexes back as the same bare value, quoted when it
     * needs quotes or when its quotes carry meaning ({@link Operand.Literal#quoted()}).
     */
    static String literal(Operand.Literal l) {
        String t = l.text();
        return l.quoted() || needsQuotes(t) ? quote(t) : t;
    }

    /** True if {@code text} cannot be written as a bare value. */
    public static boolean needsQuotes(String text) {
        if (text.isEmpty() || ListModifier.fromToken(text) != null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Lexer.isBareChar(c) || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String fieldArg(String arg) {
        if (arg.isEmpty()) {
            return quote(arg);
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (!Lexer.isFieldArgChar(c) || c < 0x20 || c == 0x7f) {
                return quote(arg);
            }
        }
        return arg;
    }

    /** Double-quoted with the escapes the lexer understands. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
