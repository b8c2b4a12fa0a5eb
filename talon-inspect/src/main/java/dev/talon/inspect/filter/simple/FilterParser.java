package dev.talon.inspect.filter.simple;

import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Fields;
import dev.talon.inspect.field.UnknownFieldException;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the sysdig filter subset this issue needs: comparisons
 * ({@code = == != contains icontains startswith endswith in exists < <= > >=}) combined with
 * {@code and}, {@code or}, {@code not} and parentheses. Stands in until talon-filter's parser is wired in.
 */
public final class FilterParser {
    private final String src;
    private final EventContext ctx;
    private int pos;

    private FilterParser(String src, EventContext ctx) {
        this.src = src;
        this.ctx = ctx;
    }

    public static Filter parse(String filter, EventContext ctx) throws FilterException {
        if (filter == null || filter.isBlank()) return Filter.ALL;
        FilterParser p = new FilterParser(filter, ctx);
        Filter f = p.or();
        p.skipSpace();
        if (p.pos < p.src.length()) throw p.error("unexpected '" + p.src.substring(p.pos) + "'");
        return f;
    }

    private FilterException error(String what) {
        return new FilterException("filter error at column " + (pos + 1) + ": " + what);
    }

    private Filter or() throws FilterException {
        Filter left = and();
        while (keyword("or")) {
            Filter l = left, r = and();
            left = e -> l.matches(e) || r.matches(e);
        }
        return left;
    }

    private Filter and() throws FilterException {
        Filter left = not();
        while (keyword("and")) {
            Filter l = left, r = not();
            left = e -> l.matches(e) && r.matches(e);
        }
        return left;
    }

    private Filter not() throws FilterException {
        if (keyword("not")) {
            Filter inner = not();
            return e -> !inner.matches(e);
        }
        return primary();
    }

    private Filter primary() throws FilterException {
        skipSpace();
        if (peek() == '(') {
            pos++;
            Filter f = or();
            skipSpace();
            if (peek() != ')') throw error("expected ')'");
            pos++;
            return f;
        }
        int fieldAt = pos;
        String name = word();
        if (name.isEmpty()) throw error(pos >= src.length() ? "unexpected end of filter" : "expected a field name");
        if (!name.contains(".")) {
            pos = fieldAt;
            throw error("expected a field name, got '" + name + "'");
        }
        if (peek() == '[') {
            int close = src.indexOf(']', pos);
            if (close < 0) throw error("unterminated field argument");
            pos = close + 1;
        }
        var field = resolve(name, fieldAt);
        skipSpace();
        Compare.Op op = operator();
        if (op == Compare.Op.EXISTS) return new Compare(field, op, new String[0]);
        String[] values;
        if (op == Compare.Op.IN) {
            skipSpace();
            if (peek() != '(') throw error("expected '(' after 'in'");
            pos++;
            List<String> vs = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                vs.add(value());
                skipSpace();
                if (peek() == ',') pos++;
            }
            values = vs.toArray(String[]::new);
        } else {
            values = new String[] {value()};
        }
        return new Compare(field, op, values);
    }

    private dev.talon.inspect.field.Field resolve(String name, int at) throws FilterException {
        try {
            return Fields.resolve(name, ctx);
        } catch (UnknownFieldException e) {
            pos = at;
            throw error(e.getMessage());
        }
    }

    private Compare.Op operator() throws FilterException {
        for (String sym : new String[] {"==", "!=", "<=", ">=", "=", "<", ">"}) {
            if (src.startsWith(sym, pos)) {
                pos += sym.length();
                return switch (sym) {
                    case "==", "=" -> Compare.Op.EQ;
                    case "!=" -> Compare.Op.NE;
                    case "<=" -> Compare.Op.LE;
                    case ">=" -> Compare.Op.GE;
                    case "<" -> Compare.Op.LT;
                    default -> Compare.Op.GT;
                };
            }
        }
        int at = pos;
        String w = word();
        return switch (w) {
            case "contains" -> Compare.Op.CONTAINS;
            case "icontains" -> Compare.Op.ICONTAINS;
            case "startswith" -> Compare.Op.STARTSWITH;
            case "endswith" -> Compare.Op.ENDSWITH;
            case "in" -> Compare.Op.IN;
            case "exists" -> Compare.Op.EXISTS;
            default -> {
                pos = at;
                throw error(w.isEmpty() ? "expected an operator" : "unknown operator '" + w + "'");
            }
        };
    }

    private String value() throws FilterException {
        skipSpace();
        char c = peek();
        if (c == '"' || c == '\'') {
            int end = src.indexOf(c, pos + 1);
            if (end < 0) throw error("unterminated string");
            String v = src.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }
        int start = pos;
        while (pos < src.length() && !Character.isWhitespace(src.charAt(pos)) && src.charAt(pos) != ')'
                && src.charAt(pos) != '(' && src.charAt(pos) != ',') pos++;
        if (pos == start) throw error("expected a value");
        return src.substring(start, pos);
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                || src.charAt(pos) == '_')) pos++;
        return src.substring(start, pos);
    }

    private boolean keyword(String kw) {
        skipSpace();
        if (src.startsWith(kw, pos)) {
            int end = pos + kw.length();
            if (end == src.length() || !Character.isLetterOrDigit(src.charAt(end))) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }
}
