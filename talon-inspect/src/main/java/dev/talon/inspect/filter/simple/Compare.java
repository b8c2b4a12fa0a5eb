package dev.talon.inspect.filter.simple;

import dev.talon.event.EventView;
import dev.talon.inspect.field.Field;

/** {@code field op value(s)}: the field's text is rendered into a reused buffer and compared in place. */
final class Compare implements Filter {
    enum Op { EQ, NE, CONTAINS, ICONTAINS, STARTSWITH, ENDSWITH, IN, EXISTS, LT, LE, GT, GE }

    private final Field field;
    private final Op op;
    private final String[] values;
    private final long[] numbers;
    private final StringBuilder buf = new StringBuilder(128);

    Compare(Field field, Op op, String[] values) {
        this.field = field;
        this.op = op;
        this.values = values;
        this.numbers = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                numbers[i] = Long.parseLong(values[i]);
            } catch (NumberFormatException ex) {
                numbers[i] = Long.MIN_VALUE;
            }
        }
    }

    @Override
    public boolean matches(EventView e) {
        buf.setLength(0);
        boolean set = field.append(buf, e);
        if (op == Op.EXISTS) return set;
        if (!set) return op == Op.NE;
        return switch (op) {
            case EQ -> equalsAt(values[0]);
            case NE -> !equalsAt(values[0]);
            case IN -> {
                for (String v : values) if (equalsAt(v)) yield true;
                yield false;
            }
            case CONTAINS -> indexOf(values[0], false) >= 0;
            case ICONTAINS -> indexOf(values[0], true) >= 0;
            case STARTSWITH -> regionEquals(0, values[0]);
            case ENDSWITH -> buf.length() >= values[0].length() && regionEquals(buf.length() - values[0].length(), values[0]);
            case LT, LE, GT, GE -> numeric(e);
            default -> false;
        };
    }

    private boolean numeric(EventView e) {
        long v;
        if (field.numeric()) {
            v = field.number(e);
        } else {
            try {
                v = Long.parseLong(buf, 0, buf.length(), 10);
            } catch (NumberFormatException ex) {
                return false;
            }
        }
        long x = numbers[0];
        return switch (op) {
            case LT -> v < x;
            case LE -> v <= x;
            case GT -> v > x;
            default -> v >= x;
        };
    }

    private boolean equalsAt(String v) {
        return buf.length() == v.length() && regionEquals(0, v);
    }

    private boolean regionEquals(int from, String v) {
        if (from + v.length() > buf.length()) return false;
        for (int i = 0; i < v.length(); i++) if (buf.charAt(from + i) != v.charAt(i)) return false;
        return true;
    }

    private int indexOf(String v, boolean ignoreCase) {
        int n = buf.length() - v.length();
        outer:
        for (int i = 0; i <= n; i++) {
            for (int k = 0; k < v.length(); k++) {
                char a = buf.charAt(i + k);
                char b = v.charAt(k);
                if (a != b && !(ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b))) continue outer;
            }
            return i;
        }
        return -1;
    }
}
