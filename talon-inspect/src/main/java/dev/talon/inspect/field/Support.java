package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.FieldType;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.ThreadInfo;

/** Small building blocks for the field classes: fields defined by one lambda over the event, thread or fd. */
final class Support {
    private Support() {}

    /** Returned by numeric lambdas when the field has no value. */
    static final long ABSENT = Long.MIN_VALUE;

    interface EvNum { long get(EventView e); }
    interface EvText { boolean append(StringBuilder sb, EventView e); }
    interface EvRef { CharSequence get(EventView e); }
    interface ThNum { long get(ThreadInfo t); }
    interface ThRef { CharSequence get(ThreadInfo t); }
    interface ThText { boolean append(StringBuilder sb, ThreadInfo t); }
    interface FdNum { long get(FdInfo f); }
    interface FdRef { CharSequence get(FdInfo f); }
    interface FdText { boolean append(StringBuilder sb, FdInfo f); }

    static Field num(String name, FieldType type, EvNum fn) {
        return new Field(name, type) {
            @Override
            public boolean eval(EventView e) {
                long v = fn.get(e);
                if (v == ABSENT) return false;
                num = v;
                return true;
            }
        };
    }

    /** A text field rendered into the field's own reused buffer. */
    static Field text(String name, FieldType type, EvText fn) {
        return new Field(name, type) {
            private final StringBuilder sb = new StringBuilder(64);

            @Override
            public boolean eval(EventView e) {
                sb.setLength(0);
                if (!fn.append(sb, e)) return false;
                text = sb;
                return true;
            }

            @Override
            public boolean appendTo(StringBuilder out, EventView e) {
                int mark = out.length();
                if (fn.append(out, e)) return true;
                out.setLength(mark); // a renderer may have written part of a value it then found missing
                return false;
            }
        };
    }

    /** A text field whose value already exists as a string (no copy). */
    static Field ref(String name, FieldType type, EvRef fn) {
        return new Field(name, type) {
            @Override
            public boolean eval(EventView e) {
                CharSequence v = fn.get(e);
                if (v == null) return false;
                text = v;
                return true;
            }
        };
    }

    /**
     * The event's thread, named or not: libsinsp evaluates proc.* fields for any thread entry, including the
     * anonymous ones syscalls of unknown threads create (their strings are empty, their ids -1).
     */
    static ThreadInfo named(EventContext ctx) {
        return ctx.thread();
    }

    static Field threadNum(String name, FieldType type, EventContext ctx, ThNum fn) {
        return num(name, type, e -> {
            ThreadInfo t = named(ctx);
            return t == null ? ABSENT : fn.get(t);
        });
    }

    static Field threadRef(String name, FieldType type, EventContext ctx, ThRef fn) {
        return ref(name, type, e -> {
            ThreadInfo t = named(ctx);
            return t == null ? null : fn.get(t);
        });
    }

    static Field threadText(String name, FieldType type, EventContext ctx, ThText fn) {
        return text(name, type, (sb, e) -> {
            ThreadInfo t = named(ctx);
            return t != null && fn.append(sb, t);
        });
    }

    static Field fdNum(String name, FieldType type, EventContext ctx, FdNum fn) {
        return num(name, type, e -> {
            FdInfo f = ctx.fdInfo(e);
            return f == null ? ABSENT : fn.get(f);
        });
    }

    static Field fdRef(String name, FieldType type, EventContext ctx, FdRef fn) {
        return ref(name, type, e -> {
            FdInfo f = ctx.fdInfo(e);
            return f == null ? null : fn.get(f);
        });
    }

    static Field fdText(String name, FieldType type, EventContext ctx, FdText fn) {
        return text(name, type, (sb, e) -> {
            FdInfo f = ctx.fdInfo(e);
            return f != null && fn.append(sb, f);
        });
    }

    /** Appends {@code parts} joined by single spaces (proc.args, proc.env). */
    static void join(StringBuilder sb, String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(parts[i]);
        }
    }

    static long bool(boolean b) {
        return b ? 1 : 0;
    }

    static int parseLevel(String arg, String field) throws UnknownFieldException {
        try {
            int n = Integer.parseInt(arg);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException ex) {
            throw new UnknownFieldException("field '" + field + "' needs a non-negative ancestor level, got '" + arg + "'");
        }
    }
}
