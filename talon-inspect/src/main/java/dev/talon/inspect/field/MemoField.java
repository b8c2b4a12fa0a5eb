package dev.talon.inspect.field;

import dev.talon.event.EventView;

/**
 * A field computed at most once per event (per {@link EventContext#stamp()}) and reused by every check that
 * reads it, like libsinsp's per-event filter-check cache: {@code fd.name} used by six checks of five rules is
 * rendered once. The value (and, for text, its hash for {@code in} tables) is copied from the wrapped field;
 * list accessors and printing go to the wrapped field, whose value stays valid until its next evaluation,
 * which only this wrapper triggers.
 */
public final class MemoField extends Field {
    private final Field inner;
    private final EventContext ctx;
    private long stamp = -1;
    private boolean has;
    private long hashStamp = -1;
    private int hash;

    /** The wrapped field keeps Field's scalar list accessors: answer them from the copied value, no call. */
    private final boolean scalar;

    MemoField(Field inner, EventContext ctx) {
        super(inner.name(), inner.type());
        this.inner = inner;
        this.ctx = ctx;
        Class<?> c = inner.getClass();
        this.scalar = inheritsFromField(c, "count") && inheritsFromField(c, "text", int.class)
                && inheritsFromField(c, "num", int.class);
    }

    private static boolean inheritsFromField(Class<?> c, String method, Class<?>... params) {
        try {
            return c.getMethod(method, params).getDeclaringClass() == Field.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The field this one memoizes. */
    public Field inner() {
        return inner;
    }

    /** True when the wrapped field has one value per event ({@link #count()} is always 1). */
    public boolean scalar() {
        return scalar;
    }

    @Override
    public boolean eval(EventView e) {
        return evalWith(inner, e);
    }

    /**
     * {@link #eval} with the wrapped field passed in: generated filter code passes {@link #inner()} as a
     * constant, so the JIT binds the call to the field's own class instead of going through a call site that
     * every memoized field of the program shares (and that sees dozens of classes).
     */
    public boolean evalWith(Field inner, EventView e) {
        long s = ctx.stamp();
        if (s == stamp) return has;
        stamp = s;
        has = inner.eval(e);
        if (has) {
            kind = inner.kind;
            num = inner.num;
            text = inner.text;
            dbl = inner.dbl;
            if (kind == Kind.IP) {
                ipLen = inner.ipLen;
                System.arraycopy(inner.ip, 0, ip, 0, ipLen);
            }
        }
        return has;
    }

    @Override
    public int textHash(int i) {
        if (i != 0) return inner.textHash(i);
        long s = stamp;
        if (hashStamp != s) {
            hash = inner.textHash(0);
            hashStamp = s;
        }
        return hash;
    }

    @Override
    public int count() {
        return scalar ? 1 : inner.count();
    }

    @Override
    public CharSequence text(int i) {
        return scalar ? text : inner.text(i);
    }

    @Override
    public long num(int i) {
        return scalar ? num : inner.num(i);
    }

    @Override
    public boolean jsonNumber() {
        return inner.jsonNumber();
    }

    @Override
    public void append(StringBuilder sb) {
        inner.append(sb);
    }
}
