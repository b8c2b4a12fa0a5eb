package dev.talon.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Recursive-descent parser for sysdig/Falco conditions. Precedence {@code not > and > or};
 * parentheses only group (they create no node). Error wording follows libsinsp's parser where it
 * has one, so users see the messages they know.
 *
 * <pre>
 * OrExpr  := AndExpr ('or' AndExpr)*        AndExpr := NotExpr ('and' NotExpr)*
 * NotExpr := 'not' NotExpr | Check          Check   := '(' OrExpr ')' | FieldLike Condition | Identifier
 * </pre>
 */
public final class FilterParser {
    /**
     * Nesting limit (parentheses, {@code not}, transformer calls), as in Falco: deeper input is
     * rejected rather than overflowing the stack.
     */
    public static final int MAX_DEPTH = 1000;

    private final Lexer lx;
    private final String origin;
    private int depth;

    private FilterParser(String text, String origin) {
        this.lx = new Lexer(text);
        this.origin = origin == null ? "" : origin;
    }

    /** Parses a whole condition. */
    public static Expr parse(String condition) throws FilterSyntaxException {
        return parse(condition, "");
    }

    /**
     * Parses a whole condition, tagging every node's {@link SourcePos} with {@code origin} (for
     * example {@code "macro open_write"}) so problems found after macro expansion can be traced.
     */
    public static Expr parse(String condition, String origin) throws FilterSyntaxException {
        if (condition.isEmpty()) {
            throw new FilterSyntaxException("filter input string is empty", condition, 0);
        }
        FilterParser p = new FilterParser(condition, origin);
        Expr e = p.parseOr();
        p.lx.blank();
        if (!p.lx.atEnd()) {
            throw p.error("unexpected token after '" + p.lx.last + "', expecting 'or', 'and'");
        }
        return e;
    }

    private FilterSyntaxException error(String reason) {
        return new FilterSyntaxException(reason, lx.text, lx.offset());
    }

    private void enter() throws FilterSyntaxException {
        if (++depth >= MAX_DEPTH) {
            throw error("exceeded max depth limit of " + MAX_DEPTH);
        }
    }

    private Expr parseOr() throws FilterSyntaxException {
        lx.blank();
        SourcePos pos = lx.here(origin);
        List<Expr> children = new ArrayList<>();
        children.add(parseAnd());
        lx.blank();
        while (lx.word("or")) {
            children.add(parseAnd());
            lx.blank();
        }
        return children.size() == 1 ? children.getFirst() : new Expr.Or(children, pos);
    }

    private Expr parseAnd() throws FilterSyntaxException {
        lx.blank();
        SourcePos pos = lx.here(origin);
        List<Expr> children = new ArrayList<>();
        children.add(parseNot());
        lx.blank();
        while (lx.word("and")) {
            children.add(parseNot());
            lx.blank();
        }
        return children.size() == 1 ? children.getFirst() : new Expr.And(children, pos);
    }

    private Expr parseNot() throws FilterSyntaxException {
        lx.blank();
        SourcePos pos = lx.here(origin);
        if (lx.word("not")) {
            enter();
            Expr e = new Expr.Not(parseNot(), pos);
            depth--;
            return e;
        }
        return parseCheck();
    }

    private Expr parseCheck() throws FilterSyntaxException {
        lx.blank();
        SourcePos pos = lx.here(origin);
        Expr e;
        if (lx.exact("(")) {
            enter();
            e = parseOr();
            lx.blank();
            if (!lx.exact(")")) {
                throw error("expected a ')' token");
            }
            depth--;
        } else if (lx.fieldName()) {
            e = parseCondition(fieldRemainder(lx.last, pos), pos);
        } else if (transformerNext()) {
            e = parseCondition(parseTransform(), pos);
        } else if (identifierNotKeyword()) {
            e = new Expr.MacroRef(lx.last, pos);
        } else {
            throw error("expected a '(' token, a field check, or an identifier");
        }
        return e;
    }

    /** A macro name; {@code and}/{@code or}/{@code not} are never names (so printing round-trips). */
    private boolean identifierNotKeyword() {
        long m = lx.mark();
        if (lx.identifier()) {
            if (!lx.last.equals("and") && !lx.last.equals("or") && !lx.last.equals("not")) {
                return true;
            }
            lx.reset(m);
        }
        return false;
    }

    private boolean transformerNext() {
        String name = lx.peekCallName();
        return name != null && Transformer.fromToken(name) != null;
    }

    private Operand.FieldRef fieldRemainder(String name, SourcePos pos) throws FilterSyntaxException {
        String arg = null;
        if (lx.exact("[")) {
            if (!lx.quoted() && !lx.fieldArgBare()) {
                throw error("expected a valid field argument: a quoted string or a bare string");
            }
            arg = lx.last;
            if (!lx.exact("]")) {
                throw error("expected a ']' token");
            }
        }
        return new Operand.FieldRef(name, arg, pos);
    }

    /** At {@code name(}: parses the call through its ')' and optional '[index]'. */
    private Operand.Transform parseTransform() throws FilterSyntaxException {
        enter();
        SourcePos pos = lx.here(origin);
        lx.identifier();
        Transformer t = Transformer.fromToken(lx.last);
        lx.exact("(");
        List<Operand> args = parseTransformArgs(t);
        String index = null;
        if (lx.exact("[")) {
            if (!lx.quoted() && !lx.fieldArgBare()) {
                throw error("expected a valid field argument: a quoted string or a bare string");
            }
            index = lx.last;
            if (!lx.exact("]")) {
                throw error("expected a ']' token");
            }
        }
        depth--;
        return new Operand.Transform(t, args, index, pos);
    }

    /** Arguments after '(' up to and including ')'. */
    private List<Operand> parseTransformArgs(Transformer t) throws FilterSyntaxException {
        List<Operand> args = new ArrayList<>();
        do {
            lx.blank();
            args.add(parseTransformArg(t));
            lx.blank();
        } while (lx.exact(","));
        if (!lx.exact(")")) {
            throw error("expected a ')' token closing the transformer");
        }
        return args;
    }

    private Operand parseTransformArg(Transformer t) throws FilterSyntaxException {
        SourcePos pos = lx.here(origin);
        if (transformerNext()) {
            return parseTransform();
        }
        if (lx.fieldName()) {
            return fieldRemainder(lx.last, pos);
        }
        if (lx.quoted()) {
            return new Operand.Literal(lx.last, true, pos);
        }
        if (lx.number()) {
            return new Operand.Literal(lx.last, false, pos);
        }
        if (lx.exact("(")) {
            enter();
            List<Operand> items = new ArrayList<>();
            lx.blank();
            if (!lx.exact(")")) {
                items.addAll(parseTransformArgs(t));
            }
            depth--;
            return new Operand.ArgList(items, pos);
        }
        throw error("expected a field or a nested valid transformer in '" + t.token() + "': "
                + quotedList(transformerNames(true)));
    }

    private Expr parseCondition(Operand.FieldLike lhs, SourcePos pos) throws FilterSyntaxException {
        lx.blank();
        if (lx.keyword("exists")) {
            return new Expr.UnaryCheck(lhs, Operator.EXISTS, pos);
        }
        Operator op = lexOperator();
        if (op == null) {
            throw error("expected a valid check operator: one of " + quotedList(Operator.tokens()));
        }
        lx.blank();
        return switch (op.kind()) {
            case NUMERIC -> new Expr.BinaryCheck(lhs, op, parseNumValue(), pos);
            case STRING -> {
                ListModifier m = lexModifier();
                yield m == ListModifier.NONE
                        ? new Expr.BinaryCheck(lhs, op, parseStrValue(), pos)
                        : new Expr.BinaryCheck(lhs, op, m, parseListValue(), pos);
            }
            case LIST -> new Expr.BinaryCheck(lhs, op, parseListValue(), pos);
            case UNARY -> throw new IllegalStateException("unary handled above");
        };
    }

    private Operator lexOperator() {
        for (String sym : new String[] {"<=", "<", ">=", ">", "==", "=", "!="}) {
            if (lx.exact(sym)) {
                return Operator.fromToken(sym);
            }
        }
        for (Operator op : Operator.values()) {
            if (op.isWord() && op != Operator.EXISTS && lx.word(op.token())) {
                return op;
            }
        }
        return null;
    }

    private ListModifier lexModifier() {
        for (ListModifier m : ListModifier.values()) {
            if (m != ListModifier.NONE && lx.word(m.token())) {
                lx.blank();
                return m;
            }
        }
        return ListModifier.NONE;
    }

    /** {@code val(field)} or a transformer, or null if neither is next. */
    private Operand tryFieldValue() throws FilterSyntaxException {
        SourcePos pos = lx.here(origin);
        String call = lx.peekCallName();
        if ("val".equals(call)) {
            lx.identifier();
            lx.exact("(");
            lx.blank();
            SourcePos fpos = lx.here(origin);
            if (!lx.fieldName()) {
                throw error("expected a field within 'val' transformer");
            }
            Operand.FieldRef f = fieldRemainder(lx.last, fpos);
            lx.blank();
            if (!lx.exact(")")) {
                throw error("expected a ')' token closing the transformer");
            }
            return new Operand.Val(f, pos);
        }
        if (call != null && Transformer.fromToken(call) != null) {
            return parseTransform();
        }
        return null;
    }

    private Operand parseNumValue() throws FilterSyntaxException {
        SourcePos pos = lx.here(origin);
        Operand f = tryFieldValue();
        if (f != null) {
            return f;
        }
        if (lx.number()) {
            return new Operand.Literal(lx.last, false, pos);
        }
        throw error("expected a number value or a field with a valid transformer: "
                + quotedList(transformerNames(true)));
    }

    private Operand parseStrValue() throws FilterSyntaxException {
        SourcePos pos = lx.here(origin);
        Operand f = tryFieldValue();
        if (f != null) {
            return f;
        }
        if (lx.quoted()) {
            return new Operand.Literal(lx.last, true, pos);
        }
        if (lx.bareString()) {
            return new Operand.Literal(lx.last, false, pos);
        }
        throw error("expected a string value or a field with a valid transformer: "
                + quotedList(transformerNames(true)));
    }

    private Operand parseListValue() throws FilterSyntaxException {
        SourcePos pos = lx.here(origin);
        if (lx.exact("(")) {
            List<Operand.Literal> items = new ArrayList<>();
            lx.blank();
            if (!lx.exact(")")) {
                do {
                    lx.blank();
                    SourcePos ipos = lx.here(origin);
                    if (lx.quoted()) {
                        items.add(new Operand.Literal(lx.last, true, ipos));
                    } else if (lx.bareString()) {
                        items.add(new Operand.Literal(lx.last, false, ipos));
                    } else {
                        throw error("expected a string value");
                    }
                    lx.blank();
                } while (lx.exact(","));
                if (!lx.exact(")")) {
                    throw error("expected a ')' token");
                }
            }
            return new Operand.ListLiteral(items, pos);
        }
        Operand f = tryFieldValue();
        if (f != null) {
            return f;
        }
        if (lx.identifier()) {
            return new Operand.ListRef(lx.last, pos);
        }
        throw error("expected a list, an identifier, or a field with a valid transformer: "
                + quotedList(transformerNames(true)));
    }

    /** Transformer names as listed in errors, optionally with {@code val} first. */
    static List<String> transformerNames(boolean includeVal) {
        List<String> names = new ArrayList<>();
        if (includeVal) {
            names.add("val");
        }
        for (Transformer t : Transformer.values()) {
            names.add(t.token());
        }
        return names;
    }

    private static String quotedList(List<String> items) {
        StringJoiner j = new StringJoiner(", ");
        for (String s : items) {
            j.add("'" + s + "'");
        }
        return j.toString();
    }
}
