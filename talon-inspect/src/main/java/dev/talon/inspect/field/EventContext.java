package dev.talon.inspect.field;

import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.StateTracker;
import dev.talon.inspect.state.ThreadInfo;

import java.util.HashMap;
import java.util.Map;

/**
 * What fields need besides the event: the state after the event, sysdig's event numbering, the capture's
 * first and previous timestamps, and per-type parameter index tables (built once per parameter name).
 *
 * <p>Drive it like the inspector does: for every event call {@code state.onEvent(e)}, then
 * {@link #event(long, String)}, then evaluate fields, filters and formats. Fields compiled by one
 * {@link dev.talon.inspect.filter.FilterCompiler} are computed once per {@code event} call and shared by all
 * of its checks, so {@code event} must be called for every event before evaluating them.
 */
public final class EventContext {
    private final StateTracker state;
    private final ArgRenderer args;
    long number;
    /** Incremented by every {@link #event} call: memoized field values are valid while it is unchanged. */
    private long stamp;
    /** proc.name for container events, whose pseudo thread is named after the container */
    String pseudoComm;
    private long firstTs;
    private long prevTs;
    private long curTs;
    private String hostname;
    private final Map<String, int[]> paramTables = new HashMap<>();

    public EventContext(StateTracker state, ArgRenderer args) {
        this.state = state;
        this.args = args;
    }

    public StateTracker state() {
        return state;
    }

    public ArgRenderer args() {
        return args;
    }

    /** Sets the per-event values (evt.num, container pseudo-thread name); call once per event, in order. */
    public void event(long number, String pseudoComm) {
        this.number = number;
        this.pseudoComm = pseudoComm;
        stamp++;
    }

    /**
     * Changes with every {@link #event} call; fields shared by the checks of one filter compiler
     * ({@link Fields#memo}) compute their value once per stamp.
     */
    public long stamp() {
        return stamp;
    }

    /** Records an event's timestamp for evt.reltime/evt.deltatime (the inspector calls it for every event). */
    public void timestamp(long ts) {
        if (firstTs == 0) firstTs = ts;
        prevTs = curTs == 0 ? ts : curTs;
        curTs = ts;
    }

    public void hostname(String hostname) {
        this.hostname = hostname;
    }

    String hostname() {
        return hostname;
    }

    long firstTs() {
        return firstTs == 0 ? curTs : firstTs;
    }

    long deltaTime(EventView e) {
        return prevTs == 0 ? 0 : e.ts() - prevTs;
    }

    public long number() {
        return number;
    }

    public ThreadInfo thread() {
        return state.thread();
    }

    /** The per-type index table of parameter {@code name} (-1 where a type has no such parameter). */
    int[] paramIndexTable(String name) {
        int[] t = paramTables.get(name);
        if (t == null) {
            t = EventSchema.paramIndexes(name);
            paramTables.put(name, t);
        }
        return t;
    }

    /** Index of parameter {@code name} in events of {@code type}, or -1. */
    int paramIndex(String name, int type) {
        int[] t = paramIndexTable(name);
        return type >= 0 && type < t.length ? t[type] : -1;
    }

    /**
     * Whether the event is about an fd and has a thread (libsinsp's extract_fd): events flagged as creating,
     * using or destroying an fd. Only then do fd.* fields have values.
     */
    public boolean fdEvent(EventView e) {
        int type = e.type();
        return type >= 0 && type < FD_EVENT.length && FD_EVENT[type] && state.thread() != null;
    }

    /**
     * Per event type: flagged as creating, using or destroying an fd. mmap/mmap2 and a few *at syscalls carry
     * EF_USES_FD in the current schema but not in libsinsp 0.29.3, whose fd fields have no value there.
     */
    private static final boolean[] FD_EVENT = new boolean[EventSchema.typeCount()];
    /** Flagged in the current schema, not in libsinsp 0.29.3 (observed: fd.num has no value there). */
    private static final java.util.Set<String> NOT_FD_EVENTS_IN_0_29 = java.util.Set.of("mmap", "mmap2", "mkdirat",
            "symlinkat", "unlinkat");

    static {
        int flags = EventFlags.EF_USES_FD | EventFlags.EF_CREATES_FD | EventFlags.EF_DESTROYS_FD;
        for (int t = 0; t < FD_EVENT.length; t++) {
            EventInfo i = EventSchema.info(t);
            FD_EVENT[t] = i != null && (i.flags() & flags) != 0 && !NOT_FD_EVENTS_IN_0_29.contains(i.name());
        }
    }

    /**
     * The fd the event is about (fd.num): the fd param of the enter event (-1 when it has none), then the fd a
     * creating exit made; {@link Long#MIN_VALUE} when the event is not about an fd.
     */
    public long fd(EventView e) {
        if (!fdEvent(e)) return Long.MIN_VALUE;
        return state.thread().lastEventFd();
    }

    /** The table entry of the event's fd, or null (no fd event, fd -1, or an fd missing from the table). */
    public FdInfo fdInfo(EventView e) {
        // every fd.* field of a filter or format asks: one table lookup per event and type, not per field
        long v = state.version();
        int type = e.type();
        if (v == fdVersion && type == fdType) return fdEntry;
        FdInfo f = null;
        if (fdEvent(e)) {
            long fd = state.thread().lastEventFd();
            f = fd == -1 ? null : state.thread().fds().get(fd);
        }
        fdVersion = v;
        fdType = type;
        fdEntry = f;
        return f;
    }

    private long fdVersion = -1;
    private int fdType = -1;
    private FdInfo fdEntry;
}
