package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Field;
import dev.talon.inspect.field.Fields;
import dev.talon.inspect.field.UnknownFieldException;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;

import java.util.ArrayList;
import java.util.List;

/**
 * A sysdig {@code -p} / Falco output format: literal text with {@code %field}, {@code %field[arg]},
 * {@code %evt.arg.name}, {@code %tolower(proc.name)} and {@code %Nfield} (value padded or cut to exactly N
 * columns). Fields are resolved once. Without a leading {@code *} a line is printed only when every field
 * has a value ({@link #append} returns false otherwise); with it, missing values print as {@code <NA>}.
 */
public final class OutputFormat {
    /** sysdig's default line (it is a "*" format: missing values print as {@code <NA>}). */
    public static final String DEFAULT =
            "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    private final String[] literals; // literal before field i; last one is the tail
    private final Field[] fields;
    private final int[] widths;
    private final boolean all;
    /** The generated writer of this format (see {@link FormatGenerator}); null: {@link #appendLoop}. */
    private final FormatGenerator.Line generated;

    private OutputFormat(String[] literals, Field[] fields, int[] widths, boolean all) {
        this.literals = literals;
        this.fields = fields;
        this.widths = widths;
        this.all = all;
        this.generated = FormatGenerator.enabled() && fields.length <= FormatGenerator.MAX_FIELDS
                ? FormatGenerator.generate(literals, fields, widths, all) : null;
    }

    public static OutputFormat parse(String format, EventContext ctx) throws UnknownFieldException {
        boolean all = format.startsWith("*");
        String f = all ? format.substring(1) : format;
        List<String> lits = new ArrayList<>();
        List<Field> fs = new ArrayList<>();
        List<Integer> ws = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            int width = 0;
            while (j < f.length() && Character.isDigit(f.charAt(j))) width = width * 10 + (f.charAt(j++) - '0');
            int start = j;
            while (j < f.length() && (Character.isLetterOrDigit(f.charAt(j)) || f.charAt(j) == '.' || f.charAt(j) == '_')) j++;
            if (j == start) {
                lit.append(c);
                i++;
                continue;
            }
            Field field;
            if (j < f.length() && f.charAt(j) == '(') {
                // a transformer: %tolower(proc.name)
                int close = matchingParen(f, j);
                if (close < 0) throw new UnknownFieldException("unbalanced parentheses in format field at column " + (i + 1));
                j = close + 1;
                if (j < f.length() && f.charAt(j) == '[') {
                    int cb = f.indexOf(']', j);
                    if (cb > 0) j = cb + 1;
                }
                field = transform(f.substring(start, j), ctx);
            } else {
                if (j < f.length() && f.charAt(j) == '[') {
                    int close = f.indexOf(']', j);
                    if (close > 0) j = close + 1;
                }
                // a trailing dot ends a sentence, not a field name ("%proc.name.")
                while (f.charAt(j - 1) == '.') j--;
                field = Fields.resolve(f.substring(start, j), ctx);
            }
            lits.add(dev.talon.event.ByteText.fromUnicode(lit.toString()));
            lit.setLength(0);
            fs.add(field);
            ws.add(width);
            i = j;
        }
        lits.add(dev.talon.event.ByteText.fromUnicode(lit.toString())); // printed as bytes, like field values
        return new OutputFormat(lits.toArray(String[]::new), fs.toArray(Field[]::new),
                ws.stream().mapToInt(Integer::intValue).toArray(), all);
    }

    private static int matchingParen(String f, int open) {
        int depth = 0;
        for (int k = open; k < f.length(); k++) {
            if (f.charAt(k) == '(') depth++;
            else if (f.charAt(k) == ')' && --depth == 0) return k;
        }
        return -1;
    }

    /** A transformer expression, parsed with the filter grammar as the left side of an exists check. */
    private static Field transform(String expr, EventContext ctx) throws UnknownFieldException {
        try {
            var e = FilterParser.parse(expr + " exists");
            if (e instanceof dev.talon.filter.Expr.UnaryCheck u) {
                return new FilterCompiler(ctx).compileField(u.lhs());
            }
        } catch (FilterSyntaxException | FilterCompileException ex) {
            throw new UnknownFieldException("invalid format field '" + expr + "': " + ex.getMessage());
        }
        throw new UnknownFieldException("invalid format field '" + expr + "'");
    }

    public Field[] fields() {
        return fields.clone();
    }

    /** Whether this format prints lines with missing fields (a leading {@code *}). */
    public boolean printsMissing() {
        return all;
    }

    /**
     * Appends the formatted event (without newline). Returns false, leaving {@code sb} as it was, when the
     * format has no {@code *} and some field has no value (sysdig then prints no line).
     */
    public boolean append(StringBuilder sb, EventView e) {
        return generated != null ? generated.append(sb, e) : appendLoop(sb, e);
    }

    /** Whether {@link #append} runs a generated writer (false: the loop, for very long formats or by property). */
    boolean isGenerated() {
        return generated != null;
    }

    /** {@link #append} as a loop over the fields: the generated writer's reference. */
    boolean appendLoop(StringBuilder sb, EventView e) {
        int mark = sb.length();
        for (int k = 0; k < fields.length; k++) {
            sb.append(literals[k]);
            int start = sb.length();
            if (!fields[k].appendTo(sb, e)) {
                if (!all) {
                    sb.setLength(mark);
                    return false;
                }
                sb.append("<NA>");
            }
            if (widths[k] > 0) fit(sb, start, widths[k]);
        }
        sb.append(literals[fields.length]);
        return true;
    }

    /** A {@code %Nfield} column: the value from {@code start} cut or padded with spaces to {@code width}. */
    static void fit(StringBuilder sb, int start, int width) {
        int len = sb.length() - start;
        if (len > width) sb.setLength(start + width);
        for (int pad = len; pad < width; pad++) sb.append(' ');
    }
}
