package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.FieldType;

/**
 * One field of the sysdig/Falco field language ({@code evt.type}, {@code proc.aname[2]}, {@code fd.sip}...),
 * resolved once by name and argument and then evaluated per event without name lookups or allocation.
 *
 * <p>{@link #eval} extracts the value for the event (against the state after the event) and returns false
 * when the field has no value (wrong event type, unknown thread, missing parameter). After a true return the
 * value is read through the accessor of the field's {@link #kind()}: {@link #num()} for numbers and booleans,
 * {@link #text()} for strings and buffers (one char per capture byte), {@link #ipLength()}/{@link #ipByte}
 * for addresses, {@link #dbl()} for doubles. The value stays valid until the next {@code eval} of this field.
 * List-valued fields ({@code fd.types}, {@code proc.aname} without a level) report {@link #count()} values.
 */
public abstract class Field {
    /** How a field's value is represented (for DYN fields it can change per event). */
    public enum Kind { NUMBER, TEXT, IP, DOUBLE }

    private final String name;
    private final FieldType type;
    protected Kind kind;
    protected long num;
    protected CharSequence text;
    protected double dbl;
    protected final byte[] ip = new byte[16];
    protected int ipLen;

    protected Field(String name, FieldType type) {
        this.name = name;
        this.type = type;
        this.kind = kindOf(type);
    }

    static Kind kindOf(FieldType t) {
        if (t == FieldType.DOUBLE) return Kind.DOUBLE;
        if (t.isIp()) return Kind.IP;
        if (t.isNumeric() || t == FieldType.BOOL) return Kind.NUMBER;
        return Kind.TEXT;
    }

    /** The field as written ({@code proc.aname[2]}, {@code evt.arg.flags}); JSON key and error text. */
    public final String name() {
        return name;
    }

    /** The declared value type (fields.tsv). */
    public final FieldType type() {
        return type;
    }

    /** The representation of the value of the last {@link #eval}. */
    public final Kind kind() {
        return kind;
    }

    /** Extracts the value for {@code e}; false when the field has no value for this event. */
    public abstract boolean eval(EventView e);

    public final long num() {
        return num;
    }

    public final CharSequence text() {
        return text;
    }

    public final double dbl() {
        return dbl;
    }

    /** 4 for IPv4, 16 for IPv6. */
    public final int ipLength() {
        return ipLen;
    }

    public final int ipByte(int i) {
        return ip[i] & 0xff;
    }

    /** Number of values (lists); 1 for scalar fields. */
    public int count() {
        return 1;
    }

    /** The i-th value of a list field as text (the value itself for scalars). */
    public CharSequence text(int i) {
        return text;
    }

    /**
     * The hash of the i-th text value ({@link #hashText}), which {@code in} tables probe with; memoized
     * fields compute it once per event for all their checks.
     */
    public int textHash(int i) {
        return hashText(text(i));
    }

    /** The hash {@code in} tables use: of the chars (one per capture byte), bits spread for a power-of-two table. */
    public static int hashText(CharSequence s) {
        int h = 0;
        for (int k = 0, n = s.length(); k < n; k++) h = 31 * h + s.charAt(k);
        return h ^ (h >>> 16);
    }

    /** The i-th value of a numeric list field. */
    public long num(int i) {
        return num;
    }

    /** Whether JSON output writes the value unquoted. */
    public boolean jsonNumber() {
        return kind == Kind.NUMBER && type != FieldType.BOOL;
    }

    /**
     * Evaluates the field for {@code e} and appends its value to {@code sb} as {@link #append} prints it;
     * false, with {@code sb} as it was, when the field has no value. Fields that render text override it to
     * write into {@code sb} directly instead of into their own buffer first (a copy per field and line);
     * after such a call their value accessors ({@link #text()}...) are not defined until the next {@link #eval}.
     */
    public boolean appendTo(StringBuilder sb, EventView e) {
        if (!eval(e)) return false;
        append(sb);
        return true;
    }

    /** Appends the value of the last {@link #eval} as sysdig prints it in {@code -p} output. */
    public void append(StringBuilder sb) {
        switch (kind) {
            case NUMBER -> {
                if (type == FieldType.BOOL) sb.append(num != 0 ? "true" : "false");
                else if (type == FieldType.UINT64) dev.talon.inspect.format.ArgRenderer.appendUnsigned(sb, num);
                else sb.append(num);
            }
            case TEXT -> {
                int n = count();
                if (n == 1) {
                    sb.append(text(0));
                } else {
                    for (int i = 0; i < n; i++) {
                        if (i > 0) sb.append(',');
                        sb.append(text(i));
                    }
                }
            }
            case IP -> appendIp(sb, ip, ipLen);
            case DOUBLE -> appendDouble(sb, dbl);
        }
    }

    static void appendDouble(StringBuilder sb, double d) {
        // libsinsp prints doubles with %.1lf
        long tenths = Math.round(d * 10);
        if (tenths < 0) {
            sb.append('-');
            tenths = -tenths;
        }
        sb.append(tenths / 10).append('.').append(tenths % 10);
    }

    static void appendIp(StringBuilder sb, byte[] ip, int len) {
        if (len == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) sb.append('.');
                sb.append(ip[i] & 0xff);
            }
        } else {
            dev.talon.inspect.state.SockAddrs.ipv6(sb, java.nio.ByteBuffer.wrap(ip), 0);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
