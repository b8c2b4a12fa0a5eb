package dev.talon.inspect.state;

/** tid → thread, bounded so a capture with millions of short-lived threads cannot exhaust the heap. */
public final class ThreadTable {
    static final int MAX_THREADS = 1 << 18;

    private final LongMap<ThreadInfo> threads = new LongMap<>(1024);

    public ThreadInfo get(long tid) {
        return threads.get(tid);
    }

    /**
     * The cwd of {@code t}'s process: like libsinsp, a process has one cwd, kept on its main thread and read
     * by every thread of it (a thread's own clone param does not count once the main thread is known).
     */
    public String cwdOf(ThreadInfo t) {
        ThreadInfo m = mainThread(t);
        return m != null ? m.cwd : t.cwd;
    }

    /** Changes the cwd of {@code t}'s process (chdir, fchdir, getcwd), on the main thread when it is known. */
    void setCwd(ThreadInfo t, String cwd) {
        String dir = ThreadInfo.dirForm(cwd);
        t.cwd = dir;
        ThreadInfo m = mainThread(t);
        if (m != null) m.cwd = dir;
    }

    /** The main thread of {@code t}'s process ({@code t} itself for a main thread), or null while unknown. */
    public ThreadInfo mainThread(ThreadInfo t) {
        return t.pid == t.tid ? t : threads.get(t.pid);
    }

    /** The thread, created empty (comm unknown) when first seen. Returns null only when the table is full. */
    public ThreadInfo getOrCreate(long tid) {
        ThreadInfo t = threads.get(tid);
        if (t == null && threads.size() < MAX_THREADS) {
            t = new ThreadInfo(tid);
            threads.put(tid, t);
            version++;
        }
        return t;
    }

    ThreadInfo create(long tid) {
        if (threads.size() >= MAX_THREADS && threads.get(tid) == null) return null;
        ThreadInfo t = new ThreadInfo(tid);
        threads.put(tid, t);
        version++;
        return t;
    }

    public void remove(long tid) {
        threads.remove(tid);
        version++;
    }

    /** Bumped whenever a thread enters or leaves the table or may change process (clone, execve). */
    private long version;
    private long countedVersion = -1;

    /** A thread may have changed its pid (clone and execve parsing): per-process counts must be redone. */
    void changed() {
        version++;
    }

    LongMap<ThreadInfo> map() {
        return threads;
    }

    public void forEach(java.util.function.Consumer<ThreadInfo> action) {
        threads.forEachValue(action);
    }

    /**
     * Number of threads of process {@code pid} in the table (proc.nthreads). Counted per process in one pass
     * over the table after it changed, kept on the main thread entry; a scan only for a process whose main
     * thread is not in the table. No allocation.
     */
    public int threadsOf(long pid) {
        if (countedVersion != version) recount();
        ThreadInfo m = threads.get(pid);
        if (m != null && m.pid == pid) return m.processThreads;
        return scan(pid);
    }

    private void recount() {
        int c = threads.capacity();
        for (int i = 0; i < c; i++) {
            ThreadInfo t = threads.valueAt(i);
            if (t != null) t.processThreads = 0;
        }
        for (int i = 0; i < c; i++) {
            ThreadInfo t = threads.valueAt(i);
            if (t == null) continue;
            ThreadInfo m = threads.get(t.pid);
            if (m != null && m.pid == t.pid) m.processThreads++;
        }
        countedVersion = version;
    }

    /** The threads of {@code pid} by a scan of the table. */
    int scan(long pid) {
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
