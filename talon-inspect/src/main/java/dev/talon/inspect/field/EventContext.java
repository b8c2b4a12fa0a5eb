package dev.talon.inspect.field;

import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventView;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.StateTracker;
import dev.talon.inspect.state.ThreadInfo;

/** What fields need besides the event: the state after the event and sysdig's event numbering. */
public final class EventContext {
    private final StateTracker state;
    private final ArgRenderer args;
    long number;
    /** proc.name for container events, whose pseudo thread is named after the container */
    String pseudoComm;

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

    /** Sets the per-event values the inspector computes (evt.num, container pseudo-thread name). */
    public void event(long number, String pseudoComm) {
        this.number = number;
        this.pseudoComm = pseudoComm;
    }

    public long number() {
        return number;
    }

    public ThreadInfo thread() {
        return state.thread();
    }

    /** The fd the event is about (fd.num): the new fd for fd-creating exits, the fd param, or the enter's fd. */
    public long fd(EventView e) {
        EventInfo info = e.info();
        if (info == null) return Long.MIN_VALUE;
        ThreadInfo t = state.thread();
        if (!info.isEnter() && info.has(EventFlags.EF_CREATES_FD) && e.paramCount() > 0 && e.paramLength(0) > 0) {
            long v = e.paramAsLong(0);
            if (v >= 0) return v;
        }
        int n = Math.min(e.paramCount(), info.paramCount());
        // like libsinsp, an event's fd is its first parameter (mmap's fd, the fifth, does not count)
        if (n > 0 && info.param(0).name().equals("fd") && e.paramLength(0) > 0) return e.paramAsLong(0);
        if (!info.isEnter() && (info.flags() & (EventFlags.EF_USES_FD | EventFlags.EF_CREATES_FD
                | EventFlags.EF_DESTROYS_FD)) != 0) {
            // exit events of captures without enter events carry the fd as a later "fd" parameter
            for (int i = 1; i < n; i++) {
                if (info.param(i).name().equals("fd") && e.paramLength(i) > 0) return e.paramAsLong(i);
            }
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
