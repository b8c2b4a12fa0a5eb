package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Field;
import dev.talon.inspect.field.Fields;
import dev.talon.inspect.field.UnknownFieldException;

import java.util.ArrayList;
import java.util.List;

/**
 * A sysdig {@code -p} format: literal text with {@code %field} or {@code %NNfield} (minimum width,
 * left-aligned) references, fields resolved once. A leading {@code *} prints the line even when some field
 * is missing; without it, sysdig prints {@code <NA>} for missing fields too (the star only matters for
 * sysdig's "print only when all set" mode in -p with containers, which we do not need).
 */
public final class OutputFormat {
    public static final String DEFAULT =
            "%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    private final String[] literals; // literal before field i; last one is the tail
    private final Field[] fields;
    private final int[] widths;

    private OutputFormat(String[] literals, Field[] fields, int[] widths) {
        this.literals = literals;
        this.fields = fields;
        this.widths = widths;
    }

    public static OutputFormat parse(String format, EventContext ctx) throws UnknownFieldException {
        String f = format.startsWith("*") ? format.substring(1) : format;
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
            String name = f.substring(start, j);
            if (j < f.length() && f.charAt(j) == '[') {
                int close = f.indexOf(']', j);
                if (close > 0) j = close + 1;
            }
            lits.add(lit.toString());
            lit.setLength(0);
            fs.add(Fields.resolve(name, ctx));
            ws.add(width);
            i = j;
        }
        lits.add(lit.toString());
        return new OutputFormat(lits.toArray(String[]::new), fs.toArray(Field[]::new),
                ws.stream().mapToInt(Integer::intValue).toArray());
    }

    public Field[] fields() {
        return fields.clone();
    }

    /** Appends the formatted event (without newline). */
    public void append(StringBuilder sb, EventView e) {
        for (int k = 0; k < fields.length; k++) {
            sb.append(literals[k]);
            int start = sb.length();
            if (!fields[k].append(sb, e)) sb.append("<NA>");
            for (int pad = sb.length() - start; pad < widths[k]; pad++) sb.append(' ');
        }
        sb.append(literals[fields.length]);
    }
}
