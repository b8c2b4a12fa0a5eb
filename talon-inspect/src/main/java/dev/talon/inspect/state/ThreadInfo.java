package dev.talon.inspect.state;

/** One thread as the inspector knows it: identity, process attributes and the (possibly shared) fd table. */
public final class ThreadInfo {
    final long tid;
    long pid;
    /** -1 until known (an anonymous thread's parent is unknown) */
    long ptid = -1;
    /** null while unknown (proc.name renders {@code <NA>}) */
    String comm;
    String exe = "";
    String exepath = "";
    /** The filename of an execve enter, until its exit. */
    String execFilename;
    String cwd = "";
    long uid = -1;
    long gid = -1;
    /** -1 until known (sysdig prints -1 for threads the capture never described) */
    long fdlimit = -1;
    static final String[] NONE = new String[0];
    /** argv[1..] (args param: NUL-separated) */
    String[] args = NONE;
    /** environment as KEY=VALUE entries */
    String[] env = NONE;
    /** cgroups as subsystem=path entries */
    String[] cgroups = NONE;
    String containerId = "";
    String containerFullId = "";
    /** docker, cri-o, containerd...; null on the host */
    String containerType;
    long loginuid = -1;
    long tty;
    long sid = -1;
    long vpgid = -1;
    long pgid = -1;
    long vtid = -1;
    long vpid = -1;
    /** first time the thread was seen (clone exit or capture start), ns */
    long cloneTs;
    /** On a process's main thread: its threads in the table (ThreadTable.threadsOf keeps it). */
    int processThreads;
    long capInheritable, capPermitted, capEffective;
    boolean capsKnown;
    long vmSizeKb, vmRssKb, vmSwapKb, pfMajor, pfMinor;
    long exeIno, exeInoCtime, exeInoMtime, pidnsInitStartTs;
    boolean exeWritable, exeUpperLayer, exeLowerLayer, exeFromMemfd;
    /** the enter event of the current syscall: its timestamp (evt.latency) */
    long lastEnterTs;
    /** evt.latency: set by syscall exits, 0 after syscall enters, kept across other events */
    long latency;
    FdTable fds;
    boolean exited;
    /** created by the parent's clone exit; the child's own clone exit then only confirms it */
    boolean fromParentClone;

    /** The last enter event of this thread, for exit events of old captures that lack the enter's params. */
    int lastEnterType = -1;
    long lastEnterFd = Long.MIN_VALUE;
    /**
     * libsinsp's m_lastevent_fd (fd.num): -1 on every syscall enter unless it names an fd, then the fd a
     * creating exit made (open's fd, pipe's second fd, dup's result...).
     */
    long lastEventFd = -1;
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

    /** proc.cwd: like libsinsp's, ends with '/' once known (empty while the capture never told it). */
    public String cwd() {
        return cwd;
    }

    /**
     * The form libsinsp stores a cwd in: a trailing '/' unless empty, and bytes outside printable ASCII as '.'
     * (sysdig 0.29.3 prints the UTF-8 cwd {@code /tmp/déjà/} as {@code /tmp/d..j../}), like an fd's path.
     */
    static String dirForm(String cwd) {
        if (cwd == null) return null;
        String dir = Paths.printable(cwd);
        return dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
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

    public String exepath() {
        return exepath;
    }

    public String[] args() {
        return args;
    }

    /** proc.cmdline, built once per comm/args pair (the parsers replace those, never edit them). */
    private String cmdline;
    private String cmdlineComm;
    private String[] cmdlineArgs;

    /** {@code comm} followed by the arguments, space separated; null while comm is unknown. */
    public String cmdline() {
        String c = comm;
        if (c == null) return null;
        String[] a = args;
        if (c != cmdlineComm || a != cmdlineArgs) {
            int len = c.length();
            for (String s : a) len += 1 + s.length();
            StringBuilder sb = new StringBuilder(len).append(c);
            for (String s : a) sb.append(' ').append(s);
            cmdline = sb.toString();
            cmdlineComm = c;
            cmdlineArgs = a;
        }
        return cmdline;
    }

    public String[] env() {
        return env;
    }

    public String[] cgroups() {
        return cgroups;
    }

    /** container.id: 12 hex digits from the cgroups, "host" outside containers, "" while unknown. */
    public String containerId() {
        return containerId;
    }

    /** Whether the thread is known to run in a container (its id is neither "host" nor unknown). */
    public boolean inContainer() {
        return !containerId.isEmpty() && !containerId.equals("host");
    }

    public String containerFullId() {
        return containerFullId;
    }

    public String containerType() {
        return containerType;
    }

    public long loginuid() {
        return loginuid;
    }

    public long tty() {
        return tty;
    }

    public long sid() {
        return sid;
    }

    public long vpgid() {
        return vpgid;
    }

    public long pgid() {
        return pgid;
    }

    public long vtid() {
        return vtid;
    }

    public long vpid() {
        return vpid;
    }

    public long cloneTs() {
        return cloneTs;
    }

    public long fdlimit() {
        return fdlimit;
    }

    public boolean capsKnown() {
        return capsKnown;
    }

    public long capInheritable() {
        return capInheritable;
    }

    public long capPermitted() {
        return capPermitted;
    }

    public long capEffective() {
        return capEffective;
    }

    public long vmSizeKb() {
        return vmSizeKb;
    }

    public long vmRssKb() {
        return vmRssKb;
    }

    public long vmSwapKb() {
        return vmSwapKb;
    }

    public long pfMajor() {
        return pfMajor;
    }

    public long pfMinor() {
        return pfMinor;
    }

    public long exeIno() {
        return exeIno;
    }

    public long exeInoCtime() {
        return exeInoCtime;
    }

    public long exeInoMtime() {
        return exeInoMtime;
    }

    public long pidnsInitStartTs() {
        return pidnsInitStartTs;
    }

    public boolean exeWritable() {
        return exeWritable;
    }

    public boolean exeUpperLayer() {
        return exeUpperLayer;
    }

    public boolean exeLowerLayer() {
        return exeLowerLayer;
    }

    public boolean exeFromMemfd() {
        return exeFromMemfd;
    }

    public long latency() {
        return latency;
    }

    public long lastEnterTs() {
        return lastEnterTs;
    }

    /** The value of environment variable {@code key}, or null. */
    public String envVar(String key) {
        for (String kv : env) {
            if (kv.length() > key.length() && kv.charAt(key.length()) == '=' && kv.startsWith(key)) {
                return kv.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** The cgroup path of {@code subsystem}, or null. */
    public String cgroup(String subsystem) {
        for (String kv : cgroups) {
            if (kv.length() > subsystem.length() && kv.charAt(subsystem.length()) == '=' && kv.startsWith(subsystem)) {
                return kv.substring(subsystem.length() + 1);
            }
        }
        return null;
    }

    public long lastEnterFd() {
        return lastEnterFd;
    }

    public long lastEventFd() {
        return lastEventFd;
    }

    public int lastEnterType() {
        return lastEnterType;
    }
}
