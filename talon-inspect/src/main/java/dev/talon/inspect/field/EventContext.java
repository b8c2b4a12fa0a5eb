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
 * {@link #event(long, String)}, then evaluate fields, filters and formats.
 */
public final class EventContext {
    private final StateTracker state;
    private final ArgRenderer args;
    long number;
    /** proc.name for container events, whose pseudo thread is named after the container */
    String pseudoComm;
    private long firstTs;
    private long prevTs;
    private long curTs;
    private String hostname;
    private final Map<String, int[]> paramTables = new HashMap<>();

    private final int[] fdParam;

    public EventContext(StateTracker state, ArgRenderer args) {
        this.state = state;
        this.args = args;
        this.fdParam = paramIndexTable("fd");
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
            t = new int[EventSchema.typeCount()];
            for (int type = 0; type < t.length; type++) {
                t[type] = -1;
                EventInfo info = EventSchema.info(type);
                if (info == null) continue;
                for (int i = 0; i < info.paramCount(); i++) {
                    if (info.param(i).name().equals(name)) {
                        t[type] = i;
                        break;
                    }
                }
            }
            paramTables.put(name, t);
        }
        return t;
    }

    /** Index of parameter {@code name} in events of {@code type}, or -1. */
    int paramIndex(String name, int type) {
        int[] t = paramIndexTable(name);
        return type >= 0 && type < t.length ? t[type] : -1;
    }

    /** The fd the event is about (fd.num): the new fd for fd-creating exits, the fd param, or the enter's fd. */
    public long fd(EventView e) {
        EventInfo info = e.info();
        if (info == null) return Long.MIN_VALUE;
        ThreadInfo t = state.thread();
        // the enter of an fd-creating syscall has no fd yet: libsinsp reports -1
        if (info.isEnter() && info.has(EventFlags.EF_CREATES_FD) && (info.paramCount() == 0
                || !info.param(0).name().equals("fd"))) return -1;
        if (!info.isEnter() && info.has(EventFlags.EF_CREATES_FD) && e.paramCount() > 0 && e.paramLength(0) > 0) {
            long v = e.paramAsLong(0);
            if (v >= 0) return v;
        }
        int n = Math.min(e.paramCount(), info.paramCount());
        int type = e.type();
        int fdIdx = type >= 0 && type < fdParam.length ? fdParam[type] : -1;
        // like libsinsp, an event's fd is its first parameter (mmap's fd, the fifth, does not count)
        if (n > 0 && fdIdx == 0 && e.paramLength(0) > 0) return e.paramAsLong(0);
        if (!info.isEnter() && (info.flags() & (EventFlags.EF_USES_FD | EventFlags.EF_CREATES_FD
                | EventFlags.EF_DESTROYS_FD)) != 0) {
            // exit events of captures without enter events carry the fd as a later "fd" parameter
            if (fdIdx > 0 && fdIdx < n && e.paramLength(fdIdx) > 0) return e.paramAsLong(fdIdx);
            if (t != null) return t.lastEnterFd();
        }
        return Long.MIN_VALUE;
    }

    public FdInfo fdInfo(EventView e) {
        ThreadInfo t = state.thread();
        if (t == null) return null;
        FdInfo failed = state.failedOpen();
        if (failed != null) return failed;
        long fd = fd(e);
        return fd == Long.MIN_VALUE ? null : t.fds().get(fd);
    }
}
