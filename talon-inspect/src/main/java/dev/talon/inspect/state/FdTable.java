package dev.talon.inspect.state;

/** The fd table of one process; threads created with CLONE_FILES share the same instance. */
public final class FdTable {
    /** Bound on fds per process, so a hostile capture cannot grow memory without limit. */
    static final int MAX_FDS = 1 << 16;

    private final LongMap<FdInfo> fds = new LongMap<>(16);

    public FdInfo get(long fd) {
        return fds.get(fd);
    }

    public void put(long fd, FdInfo info) {
        if (fds.size() >= MAX_FDS && fds.get(fd) == null) return;
        fds.put(fd, info);
    }

    public FdInfo remove(long fd) {
        return fds.remove(fd);
    }

    public void forEach(java.util.function.Consumer<FdInfo> action) {
        fds.forEachValue(action);
    }

    public int size() {
        return fds.size();
    }

    /** A copy for a child created without CLONE_FILES (fd infos are shared: they are replaced, not mutated, on reuse). */
    FdTable copy() {
        FdTable t = new FdTable();
        for (long k : fds.keys()) t.fds.put(k, fds.get(k));
        return t;
    }
}
