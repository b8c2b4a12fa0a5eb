package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.inspect.field.Field;

import java.util.Arrays;
import java.util.Comparator;

/**
 * sysdig's {@code -j} line: one JSON object per event with the format's fields as keys, sorted by name,
 * numbers unquoted, {@code null} for fields without a value. Written by hand into the line buffer: the
 * objects are flat, and a streaming generator per line would cost more than the escaping below.
 */
public final class JsonLine {
    private final Field[] fields;
    private final StringBuilder scratch = new StringBuilder(256);

    public JsonLine(Field[] fields) {
        Field[] sorted = fields.clone();
        Arrays.sort(sorted, Comparator.comparing(Field::name));
        // duplicate keys collapse, as in a JSON object
        int n = 0;
        for (Field f : sorted) if (n == 0 || !sorted[n - 1].name().equals(f.name())) sorted[n++] = f;
        this.fields = Arrays.copyOf(sorted, n);
    }

    public void append(StringBuilder sb, EventView e) {
        sb.append('{');
        for (int k = 0; k < fields.length; k++) {
            Field f = fields[k];
            if (k > 0) sb.append(',');
            sb.append('"').append(f.name()).append("\":");
            scratch.setLength(0);
            if (!f.eval(e)) {
                sb.append("null");
            } else if (f.jsonNumber()) {
                if (f.type() == dev.talon.filter.FieldType.UINT64) ArgRenderer.appendUnsigned(sb, f.num());
                else sb.append(f.num());
            } else {
                f.append(scratch);
                appendString(sb, scratch);
            }
        }
        sb.append('}');
    }

    /**
     * A JSON string of Latin-1 text (one char per capture byte): the bytes are decoded as UTF-8 first so the
     * JSON is valid Unicode, then escaped. Output encodes each char back to one byte, so non-ASCII characters
     * are written as \\u escapes.
     */
    static void appendString(StringBuilder sb, CharSequence latin1) {
        CharSequence s = dev.talon.event.ByteText.isAscii(latin1) ? latin1 : dev.talon.event.ByteText.toUnicode(latin1);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append("\\u");
                        String h = Integer.toHexString(c);
                        for (int k = h.length(); k < 4; k++) sb.append('0');
                        sb.append(h);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
