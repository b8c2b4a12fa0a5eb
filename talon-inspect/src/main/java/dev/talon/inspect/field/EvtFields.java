package dev.talon.inspect.field;

import dev.talon.event.EventCategory;
import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.event.ParamType;
import dev.talon.filter.FieldInfo;
import dev.talon.filter.FieldType;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.Paths;
import dev.talon.inspect.state.ThreadInfo;

import java.time.ZoneId;

import static dev.talon.inspect.field.Support.ABSENT;
import static dev.talon.inspect.field.Support.bool;
import static dev.talon.inspect.field.Support.num;
import static dev.talon.inspect.field.Support.ref;
import static dev.talon.inspect.field.Support.text;

/** The evt.* and syscall.type fields: time, type, direction, arguments, results and I/O classification. */
final class EvtFields {
    private EvtFields() {}

    private static final long NS = 1_000_000_000L;
    private static final int PPM_O_RDONLY = 1, PPM_O_WRONLY = 2, PPM_O_CREAT = 4, PPM_O_TMPFILE = 8192;
    private static final int IO = EventFlags.EF_READS_FROM_FD | EventFlags.EF_WRITES_TO_FD;

    static Field create(FieldInfo info, String written, String arg, EventContext ctx) throws UnknownFieldException {
        String n = info.name();
        FieldType type = info.type();
        return switch (n) {
            case "evt.num" -> num(written, type, e -> ctx.number());
            case "evt.cpu" -> num(written, type, EventView::cpu);
            case "evt.rawtime" -> num(written, type, EventView::ts);
            case "evt.rawtime.s" -> num(written, type, e -> e.ts() / NS);
            case "evt.rawtime.ns" -> padded(num(written, type, e -> e.ts() % NS), false);
            case "evt.reltime" -> padded(num(written, type, e -> e.ts() - ctx.firstTs()), true);
            case "evt.reltime.s" -> num(written, type, e -> (e.ts() - ctx.firstTs()) / NS);
            case "evt.reltime.ns" -> num(written, type, e -> (e.ts() - ctx.firstTs()) % NS);
            case "evt.outputtime", "evt.time" -> new TimeField(written, ZoneId.systemDefault(), TimeField.Style.TIME);
            case "evt.time.s" -> new TimeField(written, ZoneId.systemDefault(), TimeField.Style.TIME_S);
            case "evt.time.iso8601" -> new TimeField(written, ZoneId.of("UTC"), TimeField.Style.ISO8601);
            case "evt.datetime" -> new TimeField(written, ZoneId.systemDefault(), TimeField.Style.DATETIME);
            case "evt.datetime.s" -> new TimeField(written, ZoneId.systemDefault(), TimeField.Style.DATETIME_S);
            case "evt.deltatime" -> delta(written, type, 1, 0);
            case "evt.deltatime.s" -> delta(written, type, NS, 0);
            case "evt.deltatime.ns" -> delta(written, type, 1, NS);
            case "evt.latency" -> num(written, type, e -> latency(ctx, e));
            case "evt.latency.s" -> num(written, type, e -> latency(ctx, e) / NS);
            case "evt.latency.ns" -> num(written, type, e -> latency(ctx, e) % NS);
            case "evt.latency.quantized" -> num(written, type, e -> {
                long l = latency(ctx, e);
                return l <= 0 ? 0 : Math.max(0, Math.round(Math.log10((double) l) * 11 / 9 - 1));
            });
            case "evt.latency.human" -> {
                // sysdig 0.29.3 renders this field into a buffer it reuses and skips the rendering for an event
                // without a thread (the idle task's switches: libs__sample #54 repeats #53's 7.68us) and for the
                // child's own clone exit (alpine #5214 repeats its parent's 166us)
                long[] last = {0};
                yield text(written, type, (sb, e) -> {
                    if (ctx.thread() != null && !isCloneChildExit(e)) last[0] = latency(ctx, e);
                    humanTime(sb, last[0]);
                    return true;
                });
            }
            case "evt.dir" -> text(written, type, (sb, e) -> {
                EventInfo i = e.info();
                if (i == null) return false;
                sb.append(i.dirChar());
                return true;
            });
            case "evt.type" -> ref(written, type, ArgRenderer::typeName);
            case "evt.type.is" -> {
                if (arg == null) throw new UnknownFieldException("field 'evt.type.is' requires an event type name");
                String want = arg;
                yield num(written, type, e -> bool(ArgRenderer.typeName(e).equals(want)));
            }
            case "syscall.type" -> ref(written, type, e -> {
                EventInfo i = e.info();
                if (i == null || (i.category() & EventCategory.EC_SYSCALL) == 0) return null;
                return ArgRenderer.typeName(e);
            });
            case "evt.category" -> ref(written, type, e -> category(ctx, e));
            case "evt.source" -> ref(written, type, e -> "syscall");
            case "evt.is_async" -> num(written, type, e -> 0);
            case "evt.asynctype", "evt.pluginname", "evt.plugininfo", "evt.around", "evt.infra.docker.name",
                 "evt.infra.docker.container.id", "evt.infra.docker.container.name",
                 "evt.infra.docker.container.image" -> ref(written, type, e -> null);
            case "evt.hostname" -> ref(written, type, e -> ctx.hostname());
            case "evt.info", "evt.args" -> text(written, type, (sb, e) -> {
                ctx.args().appendArgs(sb, e);
                return true;
            });
            case "evt.arg" -> arg(written, type, arg, ctx, false);
            case "evt.rawarg" -> arg(written, type, arg, ctx, true);
            case "evt.abspath" -> abspath(written, type, arg, ctx);
            case "evt.res" -> text(written, type, (sb, e) -> {
                if (!hasRes(e)) return false;
                long v = e.paramAsLong(0);
                if (v < 0) {
                    String errno = dev.talon.inspect.format.Errnos.name(-v);
                    if (errno != null) sb.append(errno);
                    else sb.append(v);
                } else {
                    sb.append("SUCCESS");
                }
                return true;
            });
            case "evt.rawres" -> num(written, type, e -> hasRes(e) ? e.paramAsLong(0) : ABSENT);
            case "evt.failed" -> num(written, type, e -> bool(hasRes(e) && e.paramAsLong(0) < 0));
            case "evt.count" -> num(written, type, e -> 1);
            // the counters are 1 when they count the event and have no value otherwise
            case "evt.count.exit" -> num(written, type, e -> e.info() != null && !e.info().isEnter() ? 1 : ABSENT);
            case "evt.count.error" -> num(written, type, e -> hasRes(e) && e.paramAsLong(0) < 0 ? 1 : ABSENT);
            case "evt.count.error.file" -> num(written, type, e -> errorOf(e, EventCategory.EC_FILE));
            case "evt.count.error.net" -> num(written, type, e -> errorOf(e, EventCategory.EC_NET));
            case "evt.count.error.memory" -> num(written, type, e -> errorOf(e, EventCategory.EC_MEMORY));
            case "evt.count.error.other" -> num(written, type, e -> {
                if (!hasRes(e) || e.paramAsLong(0) >= 0) return ABSENT;
                int c = e.info().category() & 0x1f;
                return c != EventCategory.EC_FILE && c != EventCategory.EC_NET && c != EventCategory.EC_MEMORY ? 1 : ABSENT;
            });
            case "evt.count.procinfo" -> num(written, type, e -> bool(e.info() != null && e.info().name().equals("procinfo")));
            case "evt.count.threadinfo" -> num(written, type, e -> bool(e.info() != null && e.info().name().equals("procinfo")));
            case "evt.is_io" -> num(written, type, e -> bool(e.info() != null && (e.info().flags() & IO) != 0));
            case "evt.is_io_read" -> num(written, type, e -> bool(e.info() != null && e.info().has(EventFlags.EF_READS_FROM_FD)));
            case "evt.is_io_write" -> num(written, type, e -> bool(e.info() != null && e.info().has(EventFlags.EF_WRITES_TO_FD)));
            case "evt.io_dir" -> ref(written, type, e -> {
                EventInfo i = e.info();
                if (i == null) return null;
                return i.has(EventFlags.EF_READS_FROM_FD) ? "read" : i.has(EventFlags.EF_WRITES_TO_FD) ? "write" : null;
            });
            case "evt.is_wait" -> num(written, type, e -> bool(e.info() != null && e.info().has(EventFlags.EF_WAITS)));
            case "evt.wait_latency" -> num(written, type, e -> {
                EventInfo i = e.info();
                return i != null && i.has(EventFlags.EF_WAITS) && !i.isEnter() ? latency(ctx, e) : ABSENT;
            });
            case "evt.is_syslog" -> num(written, type, e -> {
                FdInfo f = ioFd(ctx, e);
                return bool(f != null && e.info().has(EventFlags.EF_WRITES_TO_FD) && f.name().contains("/dev/log"));
            });
            case "evt.buffer" -> {
                ParamRef data = ParamRef.of(ctx, written, "data", false);
                yield text(written, type, (sb, e) -> {
                    int i = data.in(e);
                    if (i < 0) return false;
                    appendRaw(sb, e, i);
                    return true;
                });
            }
            case "evt.buflen" -> num(written, type, e -> buflen(ctx, e, 0, 0));
            case "evt.buflen.in" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_READS_FROM_FD, 0));
            case "evt.buflen.out" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_WRITES_TO_FD, 0));
            case "evt.buflen.file" -> num(written, type, e -> buflen(ctx, e, 0, 'f'));
            case "evt.buflen.file.in" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_READS_FROM_FD, 'f'));
            case "evt.buflen.file.out" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_WRITES_TO_FD, 'f'));
            case "evt.buflen.net" -> num(written, type, e -> buflen(ctx, e, 0, 'n'));
            case "evt.buflen.net.in" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_READS_FROM_FD, 'n'));
            case "evt.buflen.net.out" -> num(written, type, e -> buflen(ctx, e, EventFlags.EF_WRITES_TO_FD, 'n'));
            case "evt.is_open_read" -> num(written, type, e -> openFlag(ctx, e, PPM_O_RDONLY));
            case "evt.is_open_write" -> num(written, type, e -> openFlag(ctx, e, PPM_O_WRONLY));
            case "evt.is_open_create" -> num(written, type, e -> openFlag(ctx, e, PPM_O_CREAT | PPM_O_TMPFILE));
            case "evt.is_open_exec" -> num(written, type, e -> {
                if (!isOpenExit(e)) return ABSENT;
                int mi = MODE_PARAM[e.type()];
                long mode = mi >= 0 && mi < e.paramCount() && e.paramLength(mi) > 0 ? e.paramAsLong(mi) : 0;
                // any execute permission bit in the creation mode (PPM_S_IXUSR|IXGRP|IXOTH)
                return bool((openFlags(ctx, e) & PPM_O_CREAT) != 0 && (mode & 0111) != 0);
            });
            default -> throw new UnknownFieldException("field '" + n + "' is not supported");
        };
    }

    /**
     * sysdig 0.29.3 prints these times with the nanoseconds as nine digits: evt.rawtime.ns zero-padded,
     * evt.reltime as seconds followed by them ({@code 022669396} for 22.7 ms). Compared, they are numbers.
     */
    private static Field padded(Field f, boolean withSeconds) {
        return new Field(f.name(), f.type()) {
            @Override
            public boolean eval(EventView e) {
                if (!f.eval(e)) return false;
                num = f.num();
                return true;
            }

            @Override
            public void append(StringBuilder sb) {
                long s = num / NS, ns = num % NS;
                if (withSeconds && s > 0) sb.append(s);
                int start = sb.length();
                sb.append(ns);
                while (sb.length() - start < 9) sb.insert(start, '0');
            }
        };
    }

    /**
     * evt.deltatime: time since the previous event this field was evaluated on (libsinsp keeps the last
     * timestamp in the field), so hidden or filtered-out events do not count; 0 for the first.
     */
    private static Field delta(String written, FieldType type, long div, long mod) {
        return new Field(written, type) {
            private long last;

            @Override
            public boolean eval(EventView e) {
                long d = last == 0 ? 0 : e.ts() - last;
                last = e.ts();
                num = mod != 0 ? d % mod : d / div;
                return true;
            }
        };
    }

    static boolean hasRes(EventView e) {
        EventInfo i = e.info();
        if (i == null || i.isEnter() || e.paramCount() == 0 || i.paramCount() == 0 || e.paramLength(0) == 0) return false;
        String n = i.param(0).name();
        return n.equals("res") || n.equals("fd");
    }

    private static long errorOf(EventView e, int category) {
        if (!hasRes(e) || e.paramAsLong(0) >= 0) return ABSENT;
        return (e.info().category() & 0x1f) == category ? 1 : ABSENT;
    }

    private static boolean isCloneChildExit(EventView e) {
        EventInfo i = e.info();
        if (i == null || i.isEnter() || e.paramCount() == 0 || e.paramLength(0) == 0 || e.paramAsLong(0) != 0) return false;
        return switch (i.name()) {
            case "clone", "fork", "vfork", "clone3" -> true;
            default -> false;
        };
    }

    /**
     * evt.latency: on exits the time since the thread's syscall enter; 0 on enters, except that context
     * switches repeat the thread's last value (libsinsp's per-thread m_latency).
     */
    static long latency(EventContext ctx, EventView e) {
        ThreadInfo t = ctx.thread();
        EventInfo i = e.info();
        if (t == null || i == null) return 0;
        if (i.isEnter() && (i.category() & EventCategory.EC_SCHEDULER) == 0) return 0;
        return t.latency();
    }

    /**
     * libsinsp's human-readable durations: whole ns below 1us, then us/ms/s with two decimals below 10 units
     * and none from 10 on, truncated (1325 ns is 1.32us, 21434 ns is 21us).
     */
    static void humanTime(StringBuilder sb, long ns) {
        if (ns < 1000) {
            sb.append(ns).append("ns");
            return;
        }
        long unit = ns < 1_000_000 ? 1000 : ns < NS ? 1_000_000 : NS;
        long whole = ns / unit;
        sb.append(whole);
        if (whole < 10) {
            long cents = (ns % unit) * 100 / unit;
            sb.append('.');
            if (cents < 10) sb.append('0');
            sb.append(cents);
        }
        sb.append(unit == 1000 ? "us" : unit == 1_000_000 ? "ms" : "s");
    }

    private static CharSequence category(EventContext ctx, EventView e) {
        EventInfo i = e.info();
        if (i == null) return null;
        int c = i.category();
        boolean generic = i.code() <= 1 && e.paramCount() > 0 && e.paramLength(0) >= 2;
        if (generic || i.name().equals("rt_sigreturn") || i.name().equals("exit_group") || i.name().equals("newfstatat")) {
            String name = ArgRenderer.typeName(e);
            String known = SYSCALL_CATEGORY_0_29.get(name);
            if (known != null) return known;
            // otherwise the category of the schema's own event for that syscall, if any
            if (generic) c = GENERIC_CATEGORY.get(name, c);
        }
        int base = c & 0x7f;
        if (base >= EventCategory.EC_IO_BASE && base < EventCategory.EC_WAIT) {
            // I/O on an fd is classified by what the fd is
            FdInfo f = ctx.fdInfo(e);
            if (f == null) return "unknown";
            return switch (f.type()) {
                case FdInfo.FILE, FdInfo.FILE_V2, FdInfo.DIRECTORY -> "file";
                case FdInfo.IPV4_SOCK, FdInfo.IPV6_SOCK, FdInfo.IPV4_SERVSOCK, FdInfo.IPV6_SERVSOCK -> "net";
                // lower case here, unlike the IPC category of futex/pipe (libsinsp spells them differently)
                case FdInfo.FIFO, FdInfo.UNIX_SOCK, FdInfo.EVENT, FdInfo.SIGNALFD, FdInfo.INOTIFY -> "ipc";
                default -> "unknown";
            };
        }
        if ((c & EventCategory.EC_WAIT) != 0) return "wait";
        if ((c & EventCategory.EC_SCHEDULER) != 0) return "scheduler";
        if ((c & EventCategory.EC_INTERNAL) != 0) return "internal";
        return switch (base) {
            case EventCategory.EC_OTHER -> "other";
            case EventCategory.EC_FILE -> "file";
            case EventCategory.EC_NET -> "net";
            case EventCategory.EC_IPC -> "IPC";
            case EventCategory.EC_MEMORY -> "memory";
            case EventCategory.EC_PROCESS -> "process";
            case EventCategory.EC_SLEEP -> "sleep";
            case EventCategory.EC_SYSTEM -> "system";
            case EventCategory.EC_SIGNAL -> "signal";
            case EventCategory.EC_USER -> "user";
            case EventCategory.EC_TIME -> "time";
            case EventCategory.EC_PROCESSING -> "processing";
            default -> "unknown";
        };
    }

    /** syscall name → category of its dedicated event type (for generic events of older drivers). */
    private static final class GenericCategories {
        private final java.util.Map<String, Integer> byName = new java.util.HashMap<>();

        GenericCategories() {
            for (int t = 2; t < EventSchema.typeCount(); t++) {
                EventInfo i = EventSchema.info(t);
                if (i != null) byName.putIfAbsent(i.name(), i.category());
            }
        }

        int get(String name, int dflt) {
            Integer c = byName.get(name);
            return c == null ? dflt : c;
        }
    }

    private static final GenericCategories GENERIC_CATEGORY = new GenericCategories();

    /**
     * Categories sysdig 0.29.3 gives syscalls that captures record as generic events (its syscall table,
     * observed on the fixtures); "unknown" for syscalls that table lacks.
     */
    private static final java.util.Map<String, String> SYSCALL_CATEGORY_0_29 = java.util.Map.ofEntries(
            java.util.Map.entry("arch_prctl", "process"), java.util.Map.entry("capget", "process"),
            java.util.Map.entry("clock_gettime", "time"), java.util.Map.entry("clock_nanosleep", "sleep"),
            java.util.Map.entry("epoll_ctl", "wait"), java.util.Map.entry("epoll_pwait", "wait"),
            java.util.Map.entry("exit", "process"), java.util.Map.entry("exit_group", "unknown"),
            java.util.Map.entry("ftruncate", "file"), java.util.Map.entry("getpid", "process"),
            java.util.Map.entry("getppid", "process"), java.util.Map.entry("getrandom", "unknown"),
            java.util.Map.entry("getrusage", "process"), java.util.Map.entry("gettid", "process"),
            java.util.Map.entry("gettimeofday", "time"), java.util.Map.entry("keyctl", "system"),
            java.util.Map.entry("madvise", "memory"), java.util.Map.entry("mknodat", "file"),
            java.util.Map.entry("newfstatat", "unknown"), java.util.Map.entry("pivot_root", "process"),
            java.util.Map.entry("pselect6", "wait"), java.util.Map.entry("readlink", "file"),
            java.util.Map.entry("readlinkat", "file"), java.util.Map.entry("rt_sigaction", "signal"),
            java.util.Map.entry("rt_sigprocmask", "signal"), java.util.Map.entry("sched_getaffinity", "process"),
            java.util.Map.entry("sched_yield", "sleep"), java.util.Map.entry("set_robust_list", "process"),
            java.util.Map.entry("set_tid_address", "process"), java.util.Map.entry("setgroups", "user"),
            java.util.Map.entry("sethostname", "system"), java.util.Map.entry("sigaltstack", "unknown"),
            java.util.Map.entry("rt_sigreturn", "signal"), java.util.Map.entry("statfs", "file"),
            java.util.Map.entry("sysinfo", "system"), java.util.Map.entry("timerfd_settime", "time"),
            java.util.Map.entry("times", "time"), java.util.Map.entry("umask", "process"),
            java.util.Map.entry("uname", "system"), java.util.Map.entry("utimensat", "file"),
            java.util.Map.entry("wait4", "wait"));

    private static FdInfo ioFd(EventContext ctx, EventView e) {
        EventInfo i = e.info();
        if (i == null || (i.flags() & IO) == 0) return null;
        return ctx.fdInfo(e);
    }

    /** Bytes moved by an I/O exit (its result), optionally only one direction and one kind of fd. */
    private static long buflen(EventContext ctx, EventView e, int dir, int fdKind) {
        EventInfo i = e.info();
        if (i == null || i.isEnter()) return ABSENT;
        if (dir != 0 && !i.has(dir)) return ABSENT;
        if (fdKind == 0) {
            // libsinsp 0.29.3: any exit of the I/O categories (read, write, other: close, fcntl...) on an fd
            // in the table, valued by its non-negative result
            int base = i.category() & 0x7f;
            if (base < EventCategory.EC_IO_BASE || base >= EventCategory.EC_WAIT || ctx.fdInfo(e) == null) return ABSENT;
        } else if ((i.flags() & IO) == 0) {
            return ABSENT;
        }
        if (!hasRes(e)) return ABSENT;
        long res = e.paramAsLong(0);
        if (res < 0) return ABSENT;
        if (fdKind != 0) {
            FdInfo f = ctx.fdInfo(e);
            if (f == null) return ABSENT;
            boolean file = f.type() == FdInfo.FILE || f.type() == FdInfo.FILE_V2 || f.type() == FdInfo.DIRECTORY;
            boolean net = f.type() >= FdInfo.IPV4_SOCK && f.type() <= FdInfo.IPV6_SERVSOCK;
            if (fdKind == 'f' ? !file : !net) return ABSENT;
        }
        return res;
    }

    /** Per event type: 0 not an open exit, 1 open-like exit, 2 creat exit (resolved once, not per event). */
    private static final byte[] OPEN_EXIT = new byte[EventSchema.typeCount()];
    private static final int[] FLAGS_PARAM = EventSchema.paramIndexes("flags");
    private static final int[] MODE_PARAM = EventSchema.paramIndexes("mode");

    static {
        for (int t = 0; t < OPEN_EXIT.length; t++) {
            EventInfo i = EventSchema.info(t);
            if (i == null || i.isEnter()) continue;
            OPEN_EXIT[t] = switch (i.name()) {
                case "open", "openat", "openat2", "open_by_handle_at" -> (byte) 1;
                case "creat" -> (byte) 2;
                default -> (byte) 0;
            };
        }
    }

    private static boolean isOpenExit(EventView e) {
        int t = e.type();
        return t >= 0 && t < OPEN_EXIT.length && OPEN_EXIT[t] != 0;
    }

    /** Call only for open exits (isOpenExit). */
    private static long openFlags(EventContext ctx, EventView e) {
        int t = e.type();
        if (OPEN_EXIT[t] == 2) return PPM_O_CREAT | PPM_O_WRONLY;
        int fi = FLAGS_PARAM[t];
        return fi >= 0 && fi < e.paramCount() && e.paramLength(fi) > 0 ? e.paramAsLong(fi) : 0;
    }

    private static long openFlag(EventContext ctx, EventView e, int mask) {
        if (!isOpenExit(e)) return ABSENT;
        return bool((openFlags(ctx, e) & mask) != 0);
    }

    /** Raw parameter bytes, one char per byte. */
    static void appendRaw(StringBuilder sb, EventView e, int i) {
        ArgRenderer.appendLatin1(sb, e.buffer(), e.paramPosition(i), e.paramLength(i), false);
    }

    /**
     * The parameter an evt.arg/evt.rawarg/evt.abspath argument names, resolved once: an index
     * ({@code evt.arg[0]}) or the name's per-event-type index table, so no lookup by name per event.
     */
    private record ParamRef(int index, int[] byType) {
        /** An argument starting with a digit must be an index, even where it is looked up as a name (raw). */
        static ParamRef of(EventContext ctx, String written, String arg, boolean byIndexAllowed) throws UnknownFieldException {
            if (!arg.isEmpty() && Character.isDigit(arg.charAt(0))) {
                int index;
                try {
                    index = Integer.parseInt(arg);
                } catch (NumberFormatException ex) {
                    throw new UnknownFieldException("field '" + written + "': bad parameter index '" + arg + "'");
                }
                if (byIndexAllowed) return new ParamRef(index, null);
            }
            return new ParamRef(-1, ctx.paramIndexTable(arg));
        }

        /** The parameter's index in {@code e}, or -1 when the event has no such parameter. */
        int in(EventView e) {
            if (byType == null) {
                return index < e.paramCount() && e.info() != null && index < e.info().paramCount() ? index : -1;
            }
            int t = e.type();
            int i = t >= 0 && t < byType.length ? byType[t] : -1;
            return i >= 0 && i < e.paramCount() ? i : -1;
        }
    }

    private static Field arg(String written, FieldType type, String arg, EventContext ctx, boolean raw)
            throws UnknownFieldException {
        if (arg == null || arg.isEmpty()) throw new UnknownFieldException("field '" + written + "' requires an argument");
        ParamRef ref = ParamRef.of(ctx, written, arg, !raw);
        if (!raw) {
            return text(written, type, (sb, e) -> {
                if (e.info() == null) return false;
                int i = ref.in(e);
                if (i < 0) return false;
                ctx.args().appendResolved(sb, e, i);
                return true;
            });
        }
        return new Field(written, FieldType.DYN) {
            private final StringBuilder sb = new StringBuilder(64);

            @Override
            public boolean eval(EventView e) {
                if (e.info() == null) return false;
                int i = ref.in(e);
                if (i < 0 || e.paramLength(i) == 0) return false;
                ParamType pt = e.info().param(i).type();
                if (isNumeric(pt)) {
                    kind = Kind.NUMBER;
                    num = e.paramAsLong(i);
                    if (!pt.isSigned() && e.paramLength(i) < 8) num &= (1L << (8 * e.paramLength(i))) - 1;
                } else {
                    kind = Kind.TEXT;
                    sb.setLength(0);
                    if (pt == ParamType.PT_CHARBUF || pt == ParamType.PT_FSPATH || pt == ParamType.PT_FSRELPATH) {
                        ArgRenderer.appendLatin1(sb, e.buffer(), e.paramPosition(i), e.paramStringLength(i), false);
                    } else {
                        ctx.args().appendParam(sb, e, i);
                    }
                    text = sb;
                }
                return true;
            }
        };
    }

    static boolean isNumeric(ParamType t) {
        return switch (t) {
            case PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64, PT_ERRNO, PT_FD,
                 PT_PID, PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_UID,
                 PT_GID, PT_MODE, PT_SIGTYPE, PT_RELTIME, PT_ABSTIME, PT_PORT, PT_L4PROTO, PT_SOCKFAMILY, PT_BOOL,
                 PT_SYSCALLID, PT_SIGSET, PT_FD32, PT_PID32 -> true;
            default -> false;
        };
    }

    /** evt.abspath[name]: a path parameter resolved against its dirfd (or the cwd). */
    private static Field abspath(String written, FieldType type, String arg, EventContext ctx) throws UnknownFieldException {
        if (arg == null) throw new UnknownFieldException("field 'evt.abspath' requires a parameter name or index");
        ParamRef ref = ParamRef.of(ctx, written, arg, true);
        return text(written, type, (sb, e) -> {
            EventInfo info = e.info();
            ThreadInfo t = ctx.thread();
            if (info == null || t == null) return false;
            int i = ref.in(e);
            if (i < 0 || e.paramLength(i) == 0) return false;
            ParamType pt = info.param(i).type();
            if (pt != ParamType.PT_FSPATH && pt != ParamType.PT_FSRELPATH && pt != ParamType.PT_CHARBUF) return false;
            String p = e.paramText(i);
            if (p.startsWith("/")) {
                sb.append(Paths.normalize(p));
                return true;
            }
            String base = ctx.state().threads().cwdOf(t);
            int d = info.param(i).dirfdIndex();
            if (d >= 0 && d < e.paramCount() && e.paramLength(d) > 0) {
                long dirfd = e.paramAsLong(d);
                if (dirfd != -100) {
                    FdInfo f = t.fds().get(dirfd);
                    base = f == null ? "" : f.name();
                }
            }
            sb.append(Paths.resolve(base, p));
            return true;
        });
    }

    static boolean knownType(String name) {
        for (int t = 0; t < EventSchema.typeCount(); t++) {
            EventInfo i = EventSchema.info(t);
            if (i != null && i.name().equals(name)) return true;
        }
        return false;
    }
}
