package dev.talon.inspect.state;

import dev.talon.event.EventView;
import dev.talon.event.ParamType;

/** fd table maintenance: open*, close, socket, connect/accept/bind, pipe, dup, fcntl(F_DUPFD), *fd creators. */
final class FdParser {
    private static final long O_DIRECTORY = 1024;
    private static final int EINPROGRESS = -115;
    private final StateTracker state;
    private final StringBuilder sb = new StringBuilder(128);
    /** The same String for a path opened again: state without a string per open, matchers' last-value hits. */
    private final RecentStrings paths = new RecentStrings();

    FdParser(StateTracker state) {
        this.state = state;
    }

    void exit(int kind, EventView e, ThreadInfo t) {
        int type = e.type();
        switch (kind) {
            case StateTracker.Kinds.OPEN, StateTracker.Kinds.OPENAT -> open(e, t, type, kind == StateTracker.Kinds.OPENAT);
            case StateTracker.Kinds.CLOSE -> {
                long fd = fdOf(e, t, Params.index(type, Params.FD));
                if (Params.asLong(e, 0, -1) >= 0) state.scheduleClose(t.fds, fd);
            }
            case StateTracker.Kinds.SOCKET -> socket(e, t, type);
            case StateTracker.Kinds.SOCKETPAIR -> {
                if (Params.asLong(e, 0, -1) < 0) return;
                long fd1 = Params.asLong(e, Params.index(type, Params.FD1), -1);
                long fd2 = Params.asLong(e, Params.index(type, Params.FD2), -1);
                if (fd1 >= 0) t.fds.put(fd1, new FdInfo(FdInfo.UNIX_SOCK, ""));
                if (fd2 >= 0) t.fds.put(fd2, new FdInfo(FdInfo.UNIX_SOCK, ""));
                if (fd2 >= 0) t.lastEventFd = fd2;
            }
            case StateTracker.Kinds.CONNECT -> connect(e, t, type);
            case StateTracker.Kinds.ACCEPT -> accept(e, t, type);
            case StateTracker.Kinds.BIND -> bind(e, t, type);
            case StateTracker.Kinds.PIPE -> {
                if (Params.asLong(e, 0, -1) < 0) return;
                long fd1 = Params.asLong(e, Params.index(type, Params.FD1), -1);
                long fd2 = Params.asLong(e, Params.index(type, Params.FD2), -1);
                if (fd1 >= 0) t.fds.put(fd1, new FdInfo(FdInfo.FIFO, ""));
                if (fd2 >= 0) t.fds.put(fd2, new FdInfo(FdInfo.FIFO, ""));
                // like libsinsp, the event's fd is the last one the pipe added
                if (fd2 >= 0) t.lastEventFd = fd2;
            }
            case StateTracker.Kinds.DUP -> {
                long res = Params.asLong(e, 0, -1);
                if (res < 0) return;
                long old = fdOf(e, t, Params.index(type, Params.OLDFD));
                if (old == Long.MIN_VALUE) old = fdOf(e, t, Params.index(type, Params.FD));
                FdInfo f = t.fds.get(old);
                // like libsinsp, a dup of an fd missing from the table changes nothing (fd.num stays the old fd)
                if (f != null) {
                    t.fds.put(res, f);
                    t.lastEventFd = res;
                }
            }
            case StateTracker.Kinds.FCNTL -> {
                long res = Params.asLong(e, 0, -1);
                int cmdIdx = Params.index(type, Params.CMD);
                long cmd = cmdIdx >= 0 && cmdIdx < e.paramCount() ? e.paramAsLong(cmdIdx) : t.lastEnterArg1;
                // PPM_FCNTL_F_DUPFD = 1, F_DUPFD_CLOEXEC = 26 (portable codes, fcntl_commands table)
                if (res >= 0 && (cmd == 1 || cmd == 26)) {
                    FdInfo f = t.fds.get(fdOf(e, t, Params.index(type, Params.FD)));
                    if (f != null) {
                        t.fds.put(res, f);
                        t.lastEventFd = res;
                    }
                }
            }
            case StateTracker.Kinds.NEWFD -> {
                long res = Params.asLong(e, 0, -1);
                if (res >= 0) {
                    t.fds.put(res, new FdInfo(state.kinds().newFdType[type], ""));
                    t.lastEventFd = res;
                }
            }
            default -> { }
        }
    }

    /** The fd an exit event is about: its own fd param when the capture has it, else the enter event's. */
    private static long fdOf(EventView e, ThreadInfo t, int idx) {
        if (idx >= 0 && idx < e.paramCount() && e.paramLength(idx) > 0) return e.paramAsLong(idx);
        return t.lastEnterFd;
    }

    private void open(EventView e, ThreadInfo t, int type, boolean at) {
        long fd = Params.asLong(e, 0, -1);
        String name = paths.param(e, Params.index(type, Params.NAME));
        if (name == null) return;
        String path;
        if (at && !name.startsWith("/")) {
            long dirfd = Params.asLong(e, Params.index(type, Params.DIRFD), -100);
            path = Paths.resolve(dirPath(state.threads(), t, dirfd), name);
        } else {
            path = Paths.resolve(state.threads().cwdOf(t), name);
        }
        path = Paths.printable(path); // the name libsinsp stores: see there
        if (path != name) path = paths.intern(path);
        if (fd < 0) {
            state.failedOpen(path);
            return;
        }
        long flags = Params.asLong(e, Params.index(type, Params.FLAGS), 0);
        FdInfo f = new FdInfo((flags & O_DIRECTORY) != 0 ? FdInfo.DIRECTORY : FdInfo.FILE, path);
        f.openFlags = (int) flags;
        if (!name.equals(path)) f.nameRaw = name;
        f.dev = Params.asLong(e, Params.index(type, Params.DEV), 0);
        f.ino = Params.asLong(e, Params.index(type, Params.INO), 0);
        t.fds.put(fd, f);
        t.lastEventFd = fd;
    }

    /** The directory a *at() call is relative to: the cwd for AT_FDCWD (-100), else the dirfd's name. */
    static String dirPath(ThreadTable threads, ThreadInfo t, long dirfd) {
        if (dirfd == -100) return threads.cwdOf(t);
        FdInfo d = t.fds.get(dirfd);
        return d == null ? "" : d.name;
    }

    private void socket(EventView e, ThreadInfo t, int type) {
        long fd = Params.asLong(e, 0, -1);
        if (fd < 0) return;
        int di = Params.index(type, Params.DOMAIN);
        int ti = Params.index(type, Params.TYPE);
        long domain = Params.has(e, di) ? e.paramAsLong(di) : t.lastEnterArg1;
        long stype = Params.has(e, ti) ? e.paramAsLong(ti) : t.lastEnterArg2;
        int ft = switch ((int) domain) {
            case SockAddrs.AF_INET -> FdInfo.IPV4_SOCK;
            case SockAddrs.AF_INET6 -> FdInfo.IPV6_SOCK;
            case SockAddrs.AF_UNIX -> FdInfo.UNIX_SOCK;
            case SockAddrs.AF_NETLINK -> FdInfo.NETLINK;
            default -> FdInfo.UNSUPPORTED;
        };
        FdInfo f = new FdInfo(ft, "");
        f.sockType = (int) (stype & 0xf);
        t.fds.put(fd, f);
        t.lastEventFd = fd;
    }

    private static int l4For(FdInfo f) {
        return switch (f.sockType) {
            case 1 -> FdInfo.L4_TCP;
            case 2 -> FdInfo.L4_UDP;
            case 3 -> FdInfo.L4_RAW;
            default -> FdInfo.L4_UNKNOWN;
        };
    }

    private void connect(EventView e, ThreadInfo t, int type) {
        long res = Params.asLong(e, 0, -1);
        if (res < 0 && res != EINPROGRESS) return;
        FdInfo f = t.fds.get(fdOf(e, t, Params.index(type, Params.FD)));
        if (f == null) return;
        int ti = Params.index(type, Params.TUPLE);
        if (!Params.has(e, ti)) return;
        String name = tupleName(e, ti);
        if (name == null) return;
        f.name(name);
        if (f.type == FdInfo.IPV4_SOCK || f.type == FdInfo.IPV6_SOCK) {
            f.l4(l4For(f));
            f.role = FdInfo.ROLE_CLIENT;
            if (e.info().param(ti).type() == ParamType.PT_SOCKTUPLE) f.endpoints(e.buffer(), e.paramPosition(ti), e.paramLength(ti), false);
            else f.endpoints(e.buffer(), e.paramPosition(ti), e.paramLength(ti), true);
        }
    }

    private String tupleName(EventView e, int i) {
        sb.setLength(0);
        if (e.info().param(i).type() == ParamType.PT_SOCKTUPLE) {
            if (!SockAddrs.socktuple(sb, e.buffer(), e.paramPosition(i), e.paramLength(i))) return null;
        } else if (!SockAddrs.sockaddr(sb, e.buffer(), e.paramPosition(i), e.paramLength(i))) {
            return null;
        }
        return sb.toString();
    }

    private void accept(EventView e, ThreadInfo t, int type) {
        long fd = Params.asLong(e, 0, -1);
        if (fd < 0) return;
        int ti = Params.index(type, Params.TUPLE);
        if (!Params.has(e, ti)) return;
        int fam = e.paramByte(ti, 0);
        if (SockAddrs.isMappedTuple(e.buffer(), e.paramPosition(ti), e.paramLength(ti))) fam = SockAddrs.AF_INET;
        int ft = switch (fam) {
            case SockAddrs.AF_INET -> FdInfo.IPV4_SOCK;
            case SockAddrs.AF_INET6 -> FdInfo.IPV6_SOCK;
            case SockAddrs.AF_UNIX -> FdInfo.UNIX_SOCK;
            default -> FdInfo.UNSUPPORTED;
        };
        String name = tupleName(e, ti);
        FdInfo f = new FdInfo(ft, ft == FdInfo.UNIX_SOCK ? name : name);
        if (ft == FdInfo.IPV4_SOCK || ft == FdInfo.IPV6_SOCK) {
            f.l4(FdInfo.L4_TCP);
            f.role = FdInfo.ROLE_SERVER;
            f.endpoints(e.buffer(), e.paramPosition(ti), e.paramLength(ti), false);
        }
        t.fds.put(fd, f);
        t.lastEventFd = fd;
    }

    private void bind(EventView e, ThreadInfo t, int type) {
        if (Params.asLong(e, 0, -1) < 0) return;
        FdInfo f = t.fds.get(fdOf(e, t, Params.index(type, Params.FD)));
        if (f == null) return;
        int ai = Params.index(type, Params.ADDR);
        if (!Params.has(e, ai)) return;
        String name = tupleName(e, ai);
        if (name == null) return;
        int fam = e.paramByte(ai, 0);
        int len = e.paramLength(ai);
        int port = fam == SockAddrs.AF_INET && len >= 7 ? SockAddrs.port(e.buffer(), e.paramPosition(ai) + 5)
                : fam == SockAddrs.AF_INET6 && len >= 19 ? SockAddrs.port(e.buffer(), e.paramPosition(ai) + 17) : 0;
        if (port != 0 && (f.type == FdInfo.IPV4_SOCK || f.type == FdInfo.IPV6_SOCK)) {
            FdInfo s = new FdInfo(f.type == FdInfo.IPV4_SOCK ? FdInfo.IPV4_SERVSOCK : FdInfo.IPV6_SERVSOCK, name);
            s.sockType = f.sockType;
            s.l4(l4For(f));
            s.role = FdInfo.ROLE_SERVER;
            s.endpoints(e.buffer(), e.paramPosition(ai), e.paramLength(ai), true);
            t.fds.put(fdOf(e, t, Params.index(type, Params.FD)), s);
        } else {
            f.name(name);
        }
    }
}
