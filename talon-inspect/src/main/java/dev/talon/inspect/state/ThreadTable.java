package dev.talon.inspect.state;

/** tid → thread, bounded so a capture with millions of short-lived threads cannot exhaust the heap. */
public final class ThreadTable {
    static final int MAX_THREADS = 1 << 18;

    private final LongMap<ThreadInfo> threads = new LongMap<>(1024);

    public ThreadInfo get(long tid) {
        return threads.get(tid);
    }

    /** The thread, created empty (comm unknown) when first seen. Returns null only when the table is full. */
    public ThreadInfo getOrCreate(long tid) {
        ThreadInfo t = threads.get(tid);
        if (t == null && threads.size() < MAX_THREADS) {
            t = new ThreadInfo(tid);
            threads.put(tid, t);
        }
        return t;
    }

    ThreadInfo create(long tid) {
        if (threads.size() >= MAX_THREADS && threads.get(tid) == null) return null;
        ThreadInfo t = new ThreadInfo(tid);
        threads.put(tid, t);
        return t;
    }

    public void remove(long tid) {
        threads.remove(tid);
    }

    LongMap<ThreadInfo> map() {
        return threads;
    }

    public void forEach(java.util.function.Consumer<ThreadInfo> action) {
        threads.forEachValue(action);
    }

    /** Number of threads of process {@code pid} in the table (a scan, no allocation). */
    public int threadsOf(long pid) {
        int n = 0;
        for (int i = 0, c = threads.capacity(); i < c; i++) {
            ThreadInfo t = threads.valueAt(i);
            if (t != null && t.pid == pid) n++;
        }
        return n;
    }

    public int size() {
        return threads.size();
    }
}
