package dev.talon.event;

/** One row of the event table: what an event type is called, its direction, category, flags and params. */
public final class EventInfo {
    private final int code;
    private final String ppme;
    private final String name;
    private final boolean enter;
    private final int category;
    private final int flags;
    private final ParamInfo[] params;

    EventInfo(int code, String ppme, String name, boolean enter, int category, int flags, ParamInfo[] params) {
        this.code = code;
        this.ppme = ppme;
        this.name = name;
        this.enter = enter;
        this.category = category;
        this.flags = flags;
        this.params = params;
    }

    public int code() {
        return code;
    }

    /** The enum name, e.g. {@code PPME_SYSCALL_OPEN_X}. */
    public String ppme() {
        return ppme;
    }

    /** The display name ({@code evt.type}), e.g. {@code open}; {@code NA} for unused slots. */
    public String name() {
        return name;
    }

    public boolean isEnter() {
        return enter;
    }

    /** {@code '>'} for enter events, {@code '<'} for exit events, as {@code evt.dir} prints them. */
    public char dirChar() {
        return enter ? '>' : '<';
    }

    /** Raw EC_* category bits (see {@link EventCategory}). */
    public int category() {
        return category;
    }

    /** Raw EF_* flag bits (see {@link EventFlags}). */
    public int flags() {
        return flags;
    }

    public boolean has(int eventFlag) {
        return (flags & eventFlag) != 0;
    }

    public boolean isLargePayload() {
        return (flags & EventFlags.EF_LARGE_PAYLOAD) != 0;
    }

    /** Number of parameters in the current schema; older captures may carry fewer. */
    public int paramCount() {
        return params.length;
    }

    public ParamInfo param(int i) {
        return params[i];
    }

    @Override
    public String toString() {
        return ppme + "(" + code + ")";
    }
}
