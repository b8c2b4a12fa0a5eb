package dev.talon.inspect.state;

import dev.talon.event.EventCategory;
import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.event.ParamType;

/**
 * Machine state rebuilt from a capture: the thread table (seeded from the process list, updated by
 * clone/execve/procexit), per-process fd tables (open/socket/connect/close/...) and the user table.
 * Call {@link #onEvent} for every event, shown or not, before formatting it (like libsinsp's parser,
 * formatting sees the state after the event).
 */
public final class StateTracker {
    private final ThreadTable threads = new ThreadTable();
    private final UserTable users = new UserTable();
    private final ContainerTable containers = new ContainerTable();
    private final ProcessParser process = new ProcessParser(this);
    private final FdParser fdParser = new FdParser(this);
    private final Kinds kinds = new Kinds();

    private ThreadInfo current;
    private long tidToRemove = -1;
    private boolean linked;
    private FdTable closedTable;
    private long closedFd;
    private String lastFailedOpen;

    public ThreadTable threads() {
        return threads;
    }

    public UserTable users() {
        return users;
    }

    public ContainerTable containers() {
        return containers;
    }

    /** The thread of the event last passed to {@link #onEvent}, or null (container events, full table). */
    public ThreadInfo thread() {
        return current;
    }

    // ---- seeding from capture metadata ----

    /** The machine's interface addresses (IPv4 as ints in network order, IPv6 as 16 bytes). */
    private int[] localV4 = new int[0];
    private byte[][] localV6 = new byte[0][];

    /** An interface address of the capturing machine (the capture's IL block or the /proc scan). */
    public void addLocalAddress(int ipv4) {
        localV4 = java.util.Arrays.copyOf(localV4, localV4.length + 1);
        localV4[localV4.length - 1] = ipv4;
    }

    public void addLocalAddress(byte[] ipv6) {
        localV6 = java.util.Arrays.copyOf(localV6, localV6.length + 1);
        localV6[localV6.length - 1] = ipv6.clone();
    }

    /**
     * Whether the client end of a connected socket is an address of this machine: libsinsp decides which end
     * is "local" (fd.lip, fd.lport) by this, not by the fd's role, so a loopback connection accepted by a
     * server has the client as its local end (libs_tcp-client-server #649).
     */
    public boolean clientIsLocal(FdInfo f) {
        return f.hasAddresses() && (isV4(f) ? v4Local(v4(f, false)) : v6Local(f, false, 16));
    }

    /**
     * fd.is_server of an IPv4/IPv6 socket as libsinsp 0.29.3 decides it: whether the server end is an address
     * of this machine. A socket with no endpoints yet has the all-zero address. For a thread in a container,
     * IPv4 first tries the container's address (or, when that is 0.0.0.0, every known container's), then the
     * host's interfaces; IPv6 in a container is never local; IPv6 on the host compares the first 64 bits only
     * (single_ipv6_conn #849: the unbound socket matches ::1; nginx #21909: 0.0.0.0 matches a container whose
     * ip is 0.0.0.0; mpm-event_full #29887: IPv6 in a container; libs_tcp-client-server #365: no match).
     */
    public boolean serverIsLocal(FdInfo f, ThreadInfo t) {
        boolean inContainer = t != null && t.inContainer();
        if (!isV4(f)) return !inContainer && v6Local(f, true, 8);
        int a = v4(f, true);
        ContainerTable.Container c = inContainer ? containers.get(t.containerId()) : null;
        if (c != null && (c.ipv4 != 0 ? c.ipv4 == a : containers.anyHasIpv4(a))) return true;
        return v4Local(a);
    }

    private static boolean isV4(FdInfo f) {
        return f.hasAddresses() ? f.ipLength() == 4 : f.type() == FdInfo.IPV4_SOCK;
    }

    /** One end's IPv4 address, first octet highest; 0 for a socket with no endpoints yet. */
    private static int v4(FdInfo f, boolean server) {
        return f.hasAddresses() ? (f.addrByte(server, 0) << 24) | (f.addrByte(server, 1) << 16)
                | (f.addrByte(server, 2) << 8) | f.addrByte(server, 3) : 0;
    }

    private boolean v4Local(int a) {
        for (int v : localV4) if (v == a) return true;
        return false;
    }

    /** Whether the first {@code bytes} bytes of one end's IPv6 address equal some interface address's. */
    private boolean v6Local(FdInfo f, boolean server, int bytes) {
        outer:
        for (byte[] v : localV6) {
            for (int i = 0; i < bytes; i++) {
                int b = f.hasAddresses() ? f.addrByte(server, i) : 0;
                if ((v[i] & 0xff) != b) continue outer;
            }
            return true;
        }
        return false;
    }

    /**
     * Changes with every event and every seeded thread or fd: values derived from the state (the event's fd
     * entry) can be kept while it is unchanged.
     */
    public long version() {
        return version;
    }

    private long version;

    /** A process-list entry. */
    public void addThread(long tid, long pid, long ptid, String comm, String exe, String exepath, String cwd,
                          long uid, long gid, long fdlimit) {
        version++;
        ThreadInfo t = threads.create(tid);
        if (t == null) return;
        t.pid = pid;
        t.ptid = ptid;
        t.comm = comm;
        t.exe = exe == null ? "" : exe;
        t.exepath = exepath == null ? "" : exepath;
        t.cwd = cwd == null ? "" : ThreadInfo.dirForm(cwd);
        t.uid = uid;
        t.gid = gid;
        t.fdlimit = fdlimit;
        linked = false;
    }

    /** An fd-list entry of thread {@code tid}. */
    public void addFd(long tid, long fd, int scapType, String name, int l4proto) {
        version++;
        ThreadInfo t = threads.get(tid); // fds of threads missing from the process list are dropped
        if (t == null) return;
        FdInfo f = new FdInfo(scapType, name);
        f.l4 = l4proto;
        t.fds.put(fd, f);
    }

    /** Threads of one process share the main thread's fd table (the capture lists fds per main thread). */
    private void linkFdTables() {
        for (long tid : threadsKeys()) {
            ThreadInfo t = threads.get(tid);
            if (t != null && t.pid != t.tid) {
                ThreadInfo main = threads.get(t.pid);
                if (main != null && t.fds.size() == 0) t.fds = main.fds;
            }
        }
        linked = true;
    }

    private long[] threadsKeys() {
        return threadsMap().keys();
    }

    private LongMap<ThreadInfo> threadsMap() {
        return threads.map();
    }

    // ---- event parsing ----

    public void onEvent(EventView e) {
        version++;
        if (!linked) linkFdTables();
        if (closedTable != null) {
            closedTable.remove(closedFd);
            closedTable = null;
        }
        lastFailedOpen = null;
        if (tidToRemove != -1) {
            threads.remove(tidToRemove);
            tidToRemove = -1;
        }
        EventInfo info = e.info();
        if (info == null) {
            current = null;
            return;
        }
        int cat = info.category();
        if ((cat & (EventCategory.EC_INTERNAL | EventCategory.EC_METAEVENT)) != 0) {
            // meta events (procinfo, container, ...) do not create threads
            current = threads.get(e.tid());
            if (kinds.kind[e.type()] == Kinds.USER_ADDED) process.userAdded(e);
            else if (kinds.kind[e.type()] == Kinds.GROUP_ADDED) process.groupAdded(e);
            else if (kinds.kind[e.type()] == Kinds.CONTAINER && e.paramCount() > 0) {
                String json = e.paramString(0);
                String id = json == null ? null : containers.addJson(json);
                if (id != null) current = containerThread(id);
            }
            return;
        }
        // like libsinsp on a capture, only syscalls create an (anonymous) entry for an unknown thread;
        // scheduler/signal tracepoints just look it up (tid 0, the idle task, never gets one)
        ThreadInfo t = (cat & EventCategory.EC_SYSCALL) != 0 ? threads.getOrCreate(e.tid()) : threads.get(e.tid());
        current = t;
        if (t == null) return;
        int type = e.type();
        if (info.isEnter()) {
            if (kinds.kind[type] == Kinds.PROCEXIT) process.procexit(t);
            else if (kinds.kind[type] == Kinds.EXECVE) process.execveEnter(e, t);
            else if (kinds.kind[type] == Kinds.SWITCH) process.contextSwitch(e, t);
            // only syscall enters pair with the next exit; a context switch or signal in between must not
            // overwrite the enter's fd
            if ((cat & EventCategory.EC_SYSCALL) == 0) return;
            t.lastEnterType = type;
            t.lastEnterTs = e.ts();
            t.latency = 0;
            int fdIdx = kinds.fdParam[type];
            t.lastEnterFd = fdIdx >= 0 && fdIdx < e.paramCount() ? e.paramAsLong(fdIdx) : Long.MIN_VALUE;
            t.lastEventFd = t.lastEnterFd != Long.MIN_VALUE && (info.flags() & EventFlags.EF_USES_FD) != 0 ? t.lastEnterFd : -1;
            t.lastEnterArg1 = kinds.p1[type] >= 0 && kinds.p1[type] < e.paramCount() ? e.paramAsLong(kinds.p1[type]) : 0;
            t.lastEnterArg2 = kinds.p2[type] >= 0 && kinds.p2[type] < e.paramCount() ? e.paramAsLong(kinds.p2[type]) : 0;
            return;
        }
        if ((cat & EventCategory.EC_SYSCALL) != 0) t.latency = t.lastEnterTs == 0 ? 0 : e.ts() - t.lastEnterTs;
        // exit events of captures without enter events carry the fd as a later "fd" parameter; after the
        // matching enter, libsinsp 0.29.3 keeps the enter's fd (setsockopt's enter has no fd: fd.num -1)
        int exitFd = kinds.fdParam[type];
        if (exitFd > 0 && t.lastEnterType != type - 1 && exitFd < e.paramCount() && e.paramLength(exitFd) > 0) {
            t.lastEventFd = e.paramAsLong(exitFd);
        }
        switch (kinds.kind[type]) {
            case Kinds.NONE -> {
                // brk/mmap/munmap exits report the process's memory
                int vm = ProcParams.index(type, ProcParams.VM_SIZE);
                if (vm >= 0 && vm < e.paramCount() && e.paramLength(vm) > 0) {
                    t.vmSizeKb = e.paramAsLong(vm);
                    t.vmRssKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_RSS), t.vmRssKb);
                    t.vmSwapKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_SWAP), t.vmSwapKb);
                }
            }
            case Kinds.CLONE -> {
                current = process.cloneExit(e, t);
                threads.changed(); // pids are (re)assigned: proc.nthreads recounts
            }
            case Kinds.EXECVE -> {
                process.execveExit(e, t);
                threads.changed();
            }
            case Kinds.CHDIR -> process.chdirExit(e, t);
            case Kinds.FCHDIR -> process.fchdirExit(e, t);
            case Kinds.GETCWD -> process.getcwdExit(e, t);
            case Kinds.SETSID -> process.setsidExit(e, t);
            case Kinds.SETUID -> process.credentialExit(e, t, true);
            case Kinds.SETGID -> process.credentialExit(e, t, false);
            default -> fdParser.exit(kinds.kind[type], e, t);
        }
    }

    /**
     * The thread of a container event: like libsinsp, a pseudo thread outside the table (tid and pid -1,
     * vtid/vpid -2) named {@code container:<id>}, so proc/user/container fields have values on it.
     */
    private ThreadInfo containerThread(String id) {
        ThreadInfo t = new ThreadInfo(-1);
        t.pid = -1;
        t.ptid = 0;
        t.vtid = -2;
        t.vpid = -2;
        t.comm = "container:" + id;
        t.uid = 0;
        t.gid = 0;
        t.loginuid = 0;
        t.fdlimit = -1;
        t.containerId = id;
        t.containerFullId = id;
        ContainerTable.Container c = containers.get(id);
        t.containerType = c == null ? null : ContainerTable.typeName(c.get("type"));
        return t;
    }

    /** close(): the fd leaves the table after this event, so the close exit can still show it (fd.name). */
    void scheduleClose(FdTable table, long fd) {
        closedTable = table;
        closedFd = fd;
    }

    /** A failed open: no fd, but fd.name of the exit event is the path that was asked for. */
    void failedOpen(String path) {
        lastFailedOpen = path;
    }

    /** The resolved path of a failed open in the current event (fd.name without an fd), or null. */
    public String failedOpen() {
        return lastFailedOpen;
    }

    void scheduleRemoval(long tid) {
        tidToRemove = tid;
    }

    Kinds kinds() {
        return kinds;
    }

    /** Per-type dispatch tables, resolved once from the schema by event name. */
    static final class Kinds {
        static final int NONE = 0, OPEN = 1, OPENAT = 2, CLOSE = 3, SOCKET = 4, CONNECT = 5, ACCEPT = 6, BIND = 7,
                PIPE = 8, DUP = 9, FCNTL = 10, NEWFD = 11, CHDIR = 12, FCHDIR = 13, CLONE = 14, EXECVE = 15,
                PROCEXIT = 16, SOCKETPAIR = 17, USER_ADDED = 18, GROUP_ADDED = 19, CONTAINER = 20, GETCWD = 21,
                SWITCH = 22, SETSID = 23, SETUID = 24, SETGID = 25;
        /** The parameter of each set*id call that holds the effective id it sets. */
        static final java.util.Map<String, String> CREDENTIAL_PARAM = java.util.Map.of("setuid", "uid",
                "setresuid", "euid", "setreuid", "euid", "setgid", "gid", "setresgid", "egid", "setregid", "egid");
        final int[] kind;
        final int[] newFdType;
        final int[] fdParam;
        final int[] p1;
        final int[] p2;

        Kinds() {
            int n = EventSchema.typeCount();
            kind = new int[n];
            newFdType = new int[n];
            fdParam = new int[n];
            p1 = new int[n];
            p2 = new int[n];
            for (int type = 0; type < n; type++) {
                fdParam[type] = p1[type] = p2[type] = -1;
                EventInfo info = EventSchema.info(type);
                if (info == null) continue;
                if (info.isEnter()) {
                    // libsinsp takes the fd of an enter event from its first parameter only (mmap's fd, the
                    // fifth, does not make mmap an fd event)
                    if (info.paramCount() > 0 && info.param(0).name().equals("fd") && isInt(info.param(0).type())) {
                        fdParam[type] = 0;
                    }
                    // socket(domain, type, proto): domain and type are needed by the exit of old captures
                    if (info.name().equals("socket") || info.name().equals("socketpair")) {
                        p1[type] = Params.index(type, Params.DOMAIN);
                        p2[type] = Params.index(type, Params.TYPE);
                    } else if (info.name().equals("dup2") || info.name().equals("dup3")) {
                        p1[type] = Params.index(type, Params.NEWFD);
                    } else if (info.name().equals("fcntl")) {
                        p1[type] = Params.index(type, Params.CMD);
                    } else if (CREDENTIAL_PARAM.containsKey(info.name())) {
                        // old captures carry the new id only on the enter
                        p1[type] = Params.index(type, CREDENTIAL_PARAM.get(info.name()));
                    }
                    kind[type] = switch (info.name()) {
                        case "procexit" -> PROCEXIT;
                        case "useradded" -> USER_ADDED;
                        case "groupadded" -> GROUP_ADDED;
                        case "container" -> CONTAINER;
                        case "execve", "execveat" -> EXECVE;
                        case "switch" -> SWITCH;
                        default -> NONE;
                    };
                    continue;
                }
                int fdAt = Params.index(type, Params.FD);
                if (fdAt > 0 && (info.flags() & EventFlags.EF_USES_FD) != 0 && isInt(info.param(fdAt).type())) fdParam[type] = fdAt;
                kind[type] = switch (info.name()) {
                    case "open", "creat", "open_by_handle_at" -> OPEN;
                    case "openat", "openat2" -> OPENAT;
                    case "close" -> CLOSE;
                    case "socket" -> SOCKET;
                    case "socketpair" -> SOCKETPAIR;
                    case "connect" -> CONNECT;
                    case "accept", "accept4" -> ACCEPT;
                    case "bind" -> BIND;
                    case "pipe", "pipe2" -> PIPE;
                    case "dup", "dup2", "dup3" -> DUP;
                    case "fcntl" -> FCNTL;
                    case "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create", "inotify_init",
                         "inotify_init1", "epoll_create", "epoll_create1", "userfaultfd", "io_uring_setup",
                         "memfd_create", "pidfd_open", "pidfd_getfd" -> NEWFD;
                    case "chdir" -> CHDIR;
                    case "fchdir" -> FCHDIR;
                    case "getcwd" -> GETCWD;
                    case "setsid" -> SETSID;
                    case "setuid", "setresuid", "setreuid" -> SETUID;
                    case "setgid", "setresgid", "setregid" -> SETGID;
                    case "clone", "fork", "vfork", "clone3" -> CLONE;
                    case "execve", "execveat" -> EXECVE;
                    default -> NONE;
                };
                newFdType[type] = switch (info.name()) {
                    case "eventfd", "eventfd2" -> FdInfo.EVENT;
                    case "signalfd", "signalfd4" -> FdInfo.SIGNALFD;
                    case "timerfd_create" -> FdInfo.TIMERFD;
                    case "inotify_init", "inotify_init1" -> FdInfo.INOTIFY;
                    case "epoll_create", "epoll_create1" -> FdInfo.EVENTPOLL;
                    case "userfaultfd" -> FdInfo.USERFAULTFD;
                    case "io_uring_setup" -> FdInfo.IOURING;
                    case "memfd_create" -> FdInfo.MEMFD;
                    case "pidfd_open", "pidfd_getfd" -> FdInfo.PIDFD;
                    default -> FdInfo.UNKNOWN;
                };
            }
        }

        private static boolean isInt(ParamType t) {
            return t == ParamType.PT_FD || t == ParamType.PT_INT64 || t == ParamType.PT_INT32 || t == ParamType.PT_FD32;
        }
    }
}
