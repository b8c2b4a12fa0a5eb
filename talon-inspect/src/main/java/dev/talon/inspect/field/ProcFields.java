package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.FieldInfo;
import dev.talon.filter.FieldType;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.ThreadInfo;
import dev.talon.inspect.state.ThreadTable;

import static dev.talon.inspect.field.Support.ABSENT;
import static dev.talon.inspect.field.Support.bool;
import static dev.talon.inspect.field.Support.join;
import static dev.talon.inspect.field.Support.named;
import static dev.talon.inspect.field.Support.num;
import static dev.talon.inspect.field.Support.threadNum;
import static dev.talon.inspect.field.Support.threadRef;
import static dev.talon.inspect.field.Support.threadText;

/** The process class: proc.* and thread.* fields over the thread table (ancestors walk the ptid chain). */
final class ProcFields {
    private ProcFields() {}

    /** Ancestor walks stop here, so a cycle in a corrupt capture cannot loop forever. */
    static final int MAX_ANCESTORS = 64;

    static Field create(FieldInfo info, String written, String arg, EventContext ctx) throws UnknownFieldException {
        String n = info.name();
        FieldType type = info.type();
        ThreadTable threads = ctx.state().threads();
        return switch (n) {
            case "proc.name" -> Support.ref(written, type, e -> {
                ThreadInfo t = ctx.thread();
                if (t == null) return null;
                // a thread seen only through its events has no name: sysdig prints the placeholder text
                return t.comm() == null ? "<NA>" : t.comm();
            });
            // like proc.name, the exe of a thread seen only through its events is sysdig's placeholder text
            case "proc.exe" -> threadRef(written, type, ctx, t -> t.comm() == null ? "<NA>" : t.exe());
            case "proc.exepath" -> threadRef(written, type, ctx, ThreadInfo::exepath);
            case "proc.cwd" -> threadRef(written, type, ctx, threads::cwdOf);
            case "proc.args" -> threadText(written, type, ctx, (sb, t) -> {
                join(sb, t.args());
                return true;
            });
            // built once per thread and exec (ThreadInfo caches it), not per event
            case "proc.cmdline" -> threadRef(written, type, ctx, ThreadInfo::cmdline);
            case "proc.exeline" -> threadText(written, type, ctx, (sb, t) -> cmdline(sb, t, t.exe()));
            case "proc.cmdnargs" -> threadNum(written, type, ctx, t -> t.args().length);
            case "proc.cmdlenargs" -> threadNum(written, type, ctx, t -> {
                long len = 0;
                for (String a : t.args()) len += a.length();
                return len;
            });
            case "proc.env" -> arg == null
                    ? threadText(written, type, ctx, (sb, t) -> {
                        join(sb, t.env());
                        return true;
                    })
                    : threadRef(written, type, ctx, t -> t.envVar(arg));
            case "proc.aenv" -> threadRef(written, type, ctx, t -> {
                for (int k = 0; k < MAX_ANCESTORS && t != null; k++) {
                    String v = arg == null ? null : t.envVar(arg);
                    if (arg == null && t.env().length > 0) return String.join(" ", t.env());
                    if (v != null) return v;
                    t = parent(threads, t);
                }
                return null;
            });
            case "proc.pid" -> threadNum(written, type, ctx, ThreadInfo::pid);
            case "proc.ppid" -> threadNum(written, type, ctx, t -> main(threads, t).ptid());
            case "proc.vpid" -> threadNum(written, type, ctx, t -> t.vpid() == -1 ? ABSENT : t.vpid());
            case "proc.pvpid" -> threadNum(written, type, ctx, t -> {
                ThreadInfo p = parent(threads, t);
                return p == null || p.vpid() < 0 ? ABSENT : p.vpid();
            });
            case "proc.sid" -> threadNum(written, type, ctx, ThreadInfo::sid);
            case "proc.sname" -> threadRef(written, type, ctx, t -> nameOf(threads.get(t.sid())));
            case "proc.sid.exe" -> threadRef(written, type, ctx, t -> exeOf(threads.get(t.sid())));
            case "proc.sid.exepath" -> threadRef(written, type, ctx, t -> exepathOf(threads.get(t.sid())));
            case "proc.is_sid_leader" -> threadNum(written, type, ctx, t -> bool(t.sid() == t.vpid() || t.sid() == t.pid()));
            case "proc.vpgid" -> threadNum(written, type, ctx, ThreadInfo::vpgid);
            case "proc.vpgid.name" -> threadRef(written, type, ctx, t -> nameOf(threads.get(t.vpgid())));
            case "proc.vpgid.exe" -> threadRef(written, type, ctx, t -> exeOf(threads.get(t.vpgid())));
            case "proc.vpgid.exepath" -> threadRef(written, type, ctx, t -> exepathOf(threads.get(t.vpgid())));
            case "proc.is_vpgid_leader" -> threadNum(written, type, ctx, t -> t.vpgid() < 0 ? ABSENT
                    : bool(t.vpgid() == (t.vpid() >= 0 ? t.vpid() : t.pid())));
            case "proc.pgid" -> threadNum(written, type, ctx, ThreadInfo::pgid);
            case "proc.pgid.name" -> threadRef(written, type, ctx, t -> nameOf(threads.get(t.pgid())));
            case "proc.pgid.exe" -> threadRef(written, type, ctx, t -> exeOf(threads.get(t.pgid())));
            case "proc.pgid.exepath" -> threadRef(written, type, ctx, t -> exepathOf(threads.get(t.pgid())));
            case "proc.is_pgid_leader" -> threadNum(written, type, ctx, t -> t.pgid() < 0 ? ABSENT : bool(t.pgid() == t.pid()));
            case "proc.pname" -> threadRef(written, type, ctx, t -> nameOf(creator(threads, t)));
            case "proc.pexe" -> threadRef(written, type, ctx, t -> exeOf(parent(threads, t)));
            case "proc.pexepath" -> threadRef(written, type, ctx, t -> exepathOf(parent(threads, t)));
            case "proc.pcmdline" -> threadRef(written, type, ctx, t -> {
                ThreadInfo p = parent(threads, t);
                return p == null ? null : p.cmdline();
            });
            case "proc.aname" -> ancestorText(written, type, ctx, threads, arg, ThreadInfo::comm);
            case "proc.aexe" -> ancestorText(written, type, ctx, threads, arg, ThreadInfo::exe);
            case "proc.aexepath" -> ancestorText(written, type, ctx, threads, arg, ThreadInfo::exepath);
            case "proc.aargs" -> ancestorText(written, type, ctx, threads, arg, t -> String.join(" ", t.args()));
            case "proc.acmdline" -> ancestorText(written, type, ctx, threads, arg, ThreadInfo::cmdline);
            case "proc.apid" -> {
                int level = arg == null ? 0 : Support.parseLevel(arg, n);
                yield threadNum(written, type, ctx, t -> {
                    ThreadInfo a = ancestor(threads, t, level);
                    return a == null ? ABSENT : a.pid();
                });
            }
            case "proc.loginshellid" -> threadNum(written, type, ctx, t -> {
                // the pid of the outermost shell among the ancestors
                long found = ABSENT;
                ThreadInfo a = t;
                for (int k = 0; k < MAX_ANCESTORS && a != null && a.comm() != null; k++) {
                    if (isShell(a.comm())) found = a.pid();
                    a = parent(threads, a);
                }
                return found;
            });
            case "proc.tty" -> threadNum(written, type, ctx, ThreadInfo::tty);
            case "proc.duration" -> num(written, type, e -> {
                ThreadInfo t = named(ctx);
                if (t == null || t.cloneTs() == 0) return ABSENT;
                return e.ts() - main(threads, t).cloneTs();
            });
            case "proc.ppid.duration" -> num(written, type, e -> {
                ThreadInfo t = named(ctx);
                ThreadInfo p = t == null ? null : parent(threads, t);
                if (p == null || p.cloneTs() == 0) return ABSENT;
                return e.ts() - p.cloneTs();
            });
            case "proc.pid.ts" -> threadNum(written, type, ctx, t -> {
                long ts = main(threads, t).cloneTs();
                return ts == 0 ? ABSENT : ts;
            });
            case "proc.ppid.ts" -> threadNum(written, type, ctx, t -> {
                ThreadInfo p = parent(threads, t);
                return p == null || p.cloneTs() == 0 ? ABSENT : p.cloneTs();
            });
            case "proc.is_exe_writable" -> threadNum(written, type, ctx, t -> bool(t.exeWritable()));
            case "proc.is_exe_upper_layer" -> threadNum(written, type, ctx, t -> bool(t.exeUpperLayer()));
            case "proc.is_exe_lower_layer" -> threadNum(written, type, ctx, t -> bool(t.exeLowerLayer()));
            case "proc.is_exe_from_memfd" -> threadNum(written, type, ctx, t -> bool(t.exeFromMemfd()));
            case "proc.exe_ino" -> threadNum(written, type, ctx, t -> t.exeIno() == 0 ? ABSENT : t.exeIno());
            case "proc.exe_ino.ctime" -> threadNum(written, type, ctx, t -> t.exeInoCtime() == 0 ? ABSENT : t.exeInoCtime());
            case "proc.exe_ino.mtime" -> threadNum(written, type, ctx, t -> t.exeInoMtime() == 0 ? ABSENT : t.exeInoMtime());
            case "proc.exe_ino.ctime_duration_proc_start" -> threadNum(written, type, ctx, t -> {
                long start = main(threads, t).cloneTs();
                return t.exeInoCtime() == 0 || start == 0 ? ABSENT : start - t.exeInoCtime();
            });
            case "proc.exe_ino.ctime_duration_pidns_start" -> threadNum(written, type, ctx, t ->
                    t.exeInoCtime() == 0 || t.pidnsInitStartTs() == 0 ? ABSENT : t.pidnsInitStartTs() - t.exeInoCtime());
            case "proc.pidns_init_start_ts" -> threadNum(written, type, ctx, t -> t.pidnsInitStartTs() == 0 ? ABSENT : t.pidnsInitStartTs());
            case "thread.cap_permitted" -> caps(written, type, ctx, ThreadInfo::capPermitted);
            case "thread.cap_inheritable" -> caps(written, type, ctx, ThreadInfo::capInheritable);
            case "thread.cap_effective" -> caps(written, type, ctx, ThreadInfo::capEffective);
            case "proc.fdopencount" -> threadNum(written, type, ctx, t -> t.fds().size());
            // a process's limit, read from its main thread when known (objectstore_download #945: a thread whose
            // clone says 1048576 shows its main thread's unknown -1)
            case "proc.fdlimit" -> threadNum(written, type, ctx, t -> main(threads, t).fdlimit());
            case "proc.fdusage" -> new Field(written, type) {
                @Override
                public boolean eval(EventView e) {
                    ThreadInfo t = named(ctx);
                    if (t == null) return false;
                    dbl = t.fdlimit() > 0 ? 100.0 * t.fds().size() / t.fdlimit() : 0;
                    return true;
                }
            };
            case "proc.vmsize", "thread.vmsize" -> threadNum(written, type, ctx, ThreadInfo::vmSizeKb);
            case "proc.vmrss", "thread.vmrss" -> threadNum(written, type, ctx, ThreadInfo::vmRssKb);
            case "proc.vmswap" -> threadNum(written, type, ctx, ThreadInfo::vmSwapKb);
            case "thread.vmsize.b" -> threadNum(written, type, ctx, t -> t.vmSizeKb() * 1024);
            case "thread.vmrss.b" -> threadNum(written, type, ctx, t -> t.vmRssKb() * 1024);
            case "thread.pfmajor" -> threadNum(written, type, ctx, ThreadInfo::pfMajor);
            case "thread.pfminor" -> threadNum(written, type, ctx, ThreadInfo::pfMinor);
            case "thread.tid" -> num(written, type, EventView::tid);
            case "thread.ismain" -> threadNum(written, type, ctx, t -> bool(t.tid() == t.pid()));
            case "thread.vtid" -> threadNum(written, type, ctx, t -> t.vtid() == -1 ? ABSENT : t.vtid());
            case "thread.nametid" -> threadText(written, type, ctx, (sb, t) -> {
                sb.append(t.comm()).append(t.tid());
                return true;
            });
            // CPU accounting needs scheduler events the parser does not track: no value, like sysdig
            // without them
            case "thread.exectime", "thread.totexectime", "thread.cpu", "thread.cpu.user", "thread.cpu.system" ->
                    Support.ref(written, type, e -> null);
            case "thread.cgroups" -> threadText(written, type, ctx, (sb, t) -> {
                if (t.cgroups().length == 0) return false;
                join(sb, t.cgroups());
                return true;
            });
            case "thread.cgroup" -> {
                if (arg == null) throw new UnknownFieldException("field 'thread.cgroup' requires a cgroup subsystem name");
                yield threadRef(written, type, ctx, t -> t.cgroup(arg));
            }
            // libsinsp 0.29.3 counts threads: nchilds is the number of the process's other threads, nthreads
            // one more (a container event's pseudo thread, outside the table, is its own single thread)
            case "proc.nthreads" -> threadNum(written, type, ctx, t -> threads.get(t.tid()) != t ? 1 : threads.threadsOf(t.pid()));
            case "proc.nchilds" -> threadNum(written, type, ctx, t -> threads.get(t.tid()) != t || t.tid() != t.pid() ? 0
                    : Math.max(0, threads.threadsOf(t.pid()) - 1));
            case "proc.stdin.type" -> stdio(written, type, ctx, 0, true);
            case "proc.stdout.type" -> stdio(written, type, ctx, 1, true);
            case "proc.stderr.type" -> stdio(written, type, ctx, 2, true);
            case "proc.stdin.name" -> stdio(written, type, ctx, 0, false);
            case "proc.stdout.name" -> stdio(written, type, ctx, 1, false);
            case "proc.stderr.name" -> stdio(written, type, ctx, 2, false);
            case "proc.is_container_healthcheck", "proc.is_container_liveness_probe",
                 "proc.is_container_readiness_probe" -> threadNum(written, type, ctx, t -> 0);
            default -> throw new UnknownFieldException("field '" + n + "' is not supported");
        };
    }

    static boolean isShell(String comm) {
        return switch (comm) {
            case "sh", "bash", "zsh", "ksh", "csh", "tcsh", "dash", "ash", "fish" -> true;
            default -> false;
        };
    }

    static boolean cmdline(StringBuilder sb, ThreadInfo t, String head) {
        sb.append(head);
        for (String a : t.args()) sb.append(' ').append(a);
        return true;
    }

    static ThreadInfo main(ThreadTable threads, ThreadInfo t) {
        ThreadInfo m = threads.mainThread(t);
        return m == null ? t : m;
    }

    /** The parent process (of the thread's process), or null when the capture does not know it. */
    static ThreadInfo parent(ThreadTable threads, ThreadInfo t) {
        ThreadInfo m = main(threads, t);
        ThreadInfo p = threads.get(m.ptid());
        return p == null || p == m ? null : p;
    }

    /** The thread that created this one (its ptid entry): proc.pname of a thread is its own process. */
    static ThreadInfo creator(ThreadTable threads, ThreadInfo t) {
        ThreadInfo p = threads.get(t.ptid());
        return p == null || p == t ? null : p;
    }

    /** The level-th ancestor of t's process, counted from its main thread (level 0: the main thread itself). */
    static ThreadInfo ancestor(ThreadTable threads, ThreadInfo t, int level) {
        ThreadInfo a = main(threads, t);
        for (int k = 0; k < level && a != null; k++) a = parent(threads, a);
        return a;
    }

    private static String nameOf(ThreadInfo t) {
        return t == null ? null : t.comm();
    }

    private static String exeOf(ThreadInfo t) {
        return t == null || t.comm() == null ? null : t.exe();
    }

    private static String exepathOf(ThreadInfo t) {
        return t == null || t.comm() == null ? null : t.exepath();
    }

    interface ThreadString { String get(ThreadInfo t); }

    /**
     * proc.aname[N] and friends: the value of the N-th ancestor (0 = the process itself). Without a level
     * the field is a list of the ancestors' values (level 1 upwards), so {@code proc.aname=sshd} holds when
     * any ancestor is sshd, as in libsinsp.
     */
    private static Field ancestorText(String written, FieldType type, EventContext ctx, ThreadTable threads, String arg,
                                      ThreadString fn) throws UnknownFieldException {
        if (arg != null) {
            int level = Support.parseLevel(arg, written);
            return threadRef(written, type, ctx, t -> {
                ThreadInfo a = ancestor(threads, t, level);
                return a == null || a.comm() == null ? null : fn.get(a);
            });
        }
        return new Field(written, type) {
            private final String[] values = new String[MAX_ANCESTORS];
            private int n;

            @Override
            public boolean eval(EventView e) {
                ThreadInfo t = named(ctx);
                if (t == null) return false;
                n = 0;
                ThreadInfo a = parent(threads, t);
                while (a != null && a.comm() != null && n < MAX_ANCESTORS) {
                    values[n++] = fn.get(a);
                    a = parent(threads, a);
                }
                // printed, the field is the thread's own value even without ancestors (sysdig 0.29.3);
                // compared, it is the list of ancestors, which may be empty
                if (n == 0 && t.comm() == null) return false;
                text = n > 0 ? values[0] : "";
                return true;
            }

            @Override
            public int count() {
                return n;
            }

            @Override
            public CharSequence text(int i) {
                return values[i];
            }

            @Override
            public void append(StringBuilder sb) {
                // printed, the field without a level is the process's own value (level 0)
                ThreadInfo t = named(ctx);
                if (t != null) sb.append(fn.get(t));
            }
        };
    }

    interface CapFn { long get(ThreadInfo t); }

    private static final String[] CAPS = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
        "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE"};

    /** thread.cap_*: the capability names of the set, space separated (a list for comparisons). */
    private static Field caps(String written, FieldType type, EventContext ctx, CapFn fn) {
        return new Field(written, type) {
            private final StringBuilder sb = new StringBuilder(256);
            private final String[] names = new String[64];
            private int n;

            @Override
            public boolean eval(EventView e) {
                ThreadInfo t = named(ctx);
                if (t == null || !t.capsKnown()) return false;
                long v = fn.get(t);
                sb.setLength(0);
                n = 0;
                for (int b = 0; b < CAPS.length; b++) {
                    if ((v & (1L << b)) == 0) continue;
                    if (n > 0) sb.append(' ');
                    sb.append(CAPS[b]);
                    names[n++] = CAPS[b];
                }
                text = sb;
                return true;
            }

            @Override
            public int count() {
                return Math.max(n, 1);
            }

            @Override
            public CharSequence text(int i) {
                return n == 0 ? "" : names[i];
            }

            @Override
            public void append(StringBuilder out) {
                out.append(sb);
            }
        };
    }

    private static Field stdio(String written, FieldType type, EventContext ctx, int fd, boolean typeName) {
        return Support.ref(written, type, e -> {
            ThreadInfo t = named(ctx);
            if (t == null) return null;
            FdInfo f = t.fds().get(fd);
            if (f == null) return null;
            return typeName ? FdFields.typeName(f.type()) : f.name();
        });
    }
}
