package dev.talon.inspect.state;

/** One thread as the inspector knows it: identity, process attributes and the (possibly shared) fd table. */
public final class ThreadInfo {
    final long tid;
    long pid;
    long ptid;
    /** null while unknown (proc.name renders {@code <NA>}) */
    String comm;
    String exe = "";
    String exepath = "";
    String cwd = "";
    long uid = -1;
    long gid = -1;
    long fdlimit;
    FdTable fds;
    boolean exited;
    /** created by the parent's clone exit; the child's own clone exit then only confirms it */
    boolean fromParentClone;

    /** The last enter event of this thread, for exit events of old captures that lack the enter's params. */
    int lastEnterType = -1;
    long lastEnterFd = Long.MIN_VALUE;
    long lastEnterArg1;
    long lastEnterArg2;

    ThreadInfo(long tid) {
        this.tid = tid;
        this.pid = tid;
        this.fds = new FdTable();
    }

    public long tid() {
        return tid;
    }

    public long pid() {
        return pid;
    }

    public long ptid() {
        return ptid;
    }

    /** proc.name; null when the capture never told us. */
    public String comm() {
        return comm;
    }

    public String exe() {
        return exe;
    }

    public String cwd() {
        return cwd;
    }

    public long uid() {
        return uid;
    }

    public long gid() {
        return gid;
    }

    public FdTable fds() {
        return fds;
    }

    public long lastEnterFd() {
        return lastEnterFd;
    }

    public int lastEnterType() {
        return lastEnterType;
    }
}
