package dev.talon.inspect.field;

import dev.talon.event.EventInfo;
import dev.talon.event.EventView;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.ThreadInfo;

import java.time.ZoneId;
import java.util.List;

/** The field catalogue of this issue; {@link #resolve} is called once per field of a format or filter. */
public final class Fields {
    private Fields() {}

    /** Names this build knows, for error messages and documentation. */
    public static final List<String> NAMES = List.of("evt.num", "evt.outputtime", "evt.time", "evt.rawtime",
            "evt.cpu", "evt.dir", "evt.type", "evt.info", "evt.args", "evt.res", "proc.name", "thread.tid",
            "proc.pid", "proc.ppid", "proc.exe", "proc.cwd", "fd.name", "fd.num", "fd.type", "fd.typechar",
            "user.uid", "user.name");

    public static Field resolve(String name, EventContext ctx) throws UnknownFieldException {
        return switch (name) {
            case "evt.num" -> num("evt.num", e -> ctx.number());
            case "evt.cpu" -> num("evt.cpu", EventView::cpu);
            case "evt.rawtime", "evt.outputtime.raw" -> num(name, EventView::ts);
            case "evt.outputtime", "evt.time" -> new TimeField(name, ZoneId.systemDefault());
            case "thread.tid" -> num("thread.tid", EventView::tid);
            case "evt.dir" -> text("evt.dir", (sb, e) -> {
                EventInfo i = e.info();
                if (i == null) return false;
                sb.append(i.dirChar());
                return true;
            });
            case "evt.type" -> text("evt.type", (sb, e) -> {
                sb.append(ArgRenderer.typeName(e));
                return true;
            });
            case "evt.info", "evt.args" -> text(name, (sb, e) -> {
                ctx.args().appendArgs(sb, e);
                return true;
            });
            case "evt.res" -> text("evt.res", (sb, e) -> {
                EventInfo i = e.info();
                if (i == null || i.isEnter() || e.paramCount() == 0 || i.paramCount() == 0) return false;
                String n = i.param(0).name();
                if (!n.equals("res") && !n.equals("fd")) return false;
                long v = e.paramAsLong(0);
                if (v < 0) {
                    int at = sb.length();
                    ctx.args().appendParam(sb, e, 0);
                    // evt.res prints the errno name alone ("ENOENT"), not "-2(ENOENT)"
                    int open = sb.indexOf("(", at);
                    if (open >= 0) {
                        String errno = sb.substring(open + 1, sb.length() - 1);
                        sb.setLength(at);
                        sb.append(errno);
                    }
                } else {
                    sb.append("SUCCESS");
                }
                return true;
            });
            case "proc.name" -> text("proc.name", (sb, e) -> {
                if (ctx.pseudoComm != null) {
                    sb.append(ctx.pseudoComm);
                    return true;
                }
                ThreadInfo t = ctx.thread();
                if (t == null) return false;
                // a thread seen only through its events has no name: sysdig prints the placeholder text
                // (in JSON too, where a thread it never created is null)
                sb.append(t.comm() == null ? "<NA>" : t.comm());
                return true;
            });
            case "proc.exe" -> text("proc.exe", (sb, e) -> {
                ThreadInfo t = ctx.thread();
                if (t == null || t.comm() == null) return false;
                sb.append(t.exe());
                return true;
            });
            case "proc.cwd" -> text("proc.cwd", (sb, e) -> {
                ThreadInfo t = ctx.thread();
                if (t == null || t.comm() == null) return false;
                sb.append(t.cwd());
                return true;
            });
            case "proc.pid" -> threadNum("proc.pid", ctx, ThreadInfo::pid);
            case "proc.ppid" -> threadNum("proc.ppid", ctx, t -> {
                ThreadInfo p = ctx.state().threads().get(t.pid());
                return p == null ? t.ptid() : p.ptid();
            });
            case "user.uid" -> threadNum("user.uid", ctx, ThreadInfo::uid);
            case "user.name" -> text("user.name", (sb, e) -> {
                ThreadInfo t = ctx.thread();
                if (t == null) return false;
                String n = ctx.state().users().userName(t.uid());
                if (n == null) return false;
                sb.append(n);
                return true;
            });
            case "fd.num" -> new NumField("fd.num", e -> ctx.fd(e)) {
                @Override
                public boolean append(StringBuilder sb, EventView e) {
                    long fd = ctx.fd(e);
                    if (fd == Long.MIN_VALUE) return false;
                    sb.append(fd);
                    return true;
                }
            };
            case "fd.name" -> text("fd.name", (sb, e) -> {
                FdInfo f = ctx.fdInfo(e);
                if (f == null) return false;
                sb.append(f.name());
                return true;
            });
            case "fd.typechar" -> text("fd.typechar", (sb, e) -> {
                FdInfo f = ctx.fdInfo(e);
                if (f == null) return false;
                sb.append(f.typeChar());
                return true;
            });
            case "fd.type" -> text("fd.type", (sb, e) -> {
                FdInfo f = ctx.fdInfo(e);
                if (f == null) return false;
                sb.append(fdTypeName(f.type()));
                return true;
            });
            default -> throw new UnknownFieldException("unknown field '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    static String fdTypeName(int type) {
        return switch (type) {
            case FdInfo.FILE, FdInfo.FILE_V2 -> "file";
            case FdInfo.DIRECTORY -> "directory";
            case FdInfo.IPV4_SOCK, FdInfo.IPV4_SERVSOCK -> "ipv4";
            case FdInfo.IPV6_SOCK, FdInfo.IPV6_SERVSOCK -> "ipv6";
            case FdInfo.UNIX_SOCK -> "unix";
            case FdInfo.FIFO -> "pipe";
            case FdInfo.EVENT -> "event";
            case FdInfo.SIGNALFD -> "signalfd";
            case FdInfo.EVENTPOLL -> "eventpoll";
            case FdInfo.INOTIFY -> "inotify";
            case FdInfo.TIMERFD -> "timerfd";
            case FdInfo.NETLINK -> "netlink";
            case FdInfo.BPF -> "bpf";
            case FdInfo.USERFAULTFD -> "userfaultfd";
            case FdInfo.IOURING -> "io_uring";
            case FdInfo.MEMFD -> "memfd";
            case FdInfo.PIDFD -> "pidfd";
            default -> "<NA>";
        };
    }

    interface TextFn {
        boolean append(StringBuilder sb, EventView e);
    }

    interface LongFn {
        long get(EventView e);
    }

    interface ThreadLongFn {
        long get(ThreadInfo t);
    }

    private static Field text(String name, TextFn fn) {
        return new Field() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean numeric() {
                return false;
            }

            @Override
            public boolean append(StringBuilder sb, EventView e) {
                return fn.append(sb, e);
            }
        };
    }

    private static Field num(String name, LongFn fn) {
        return new NumField(name, fn);
    }

    private static Field threadNum(String name, EventContext ctx, ThreadLongFn fn) {
        return new NumField(name, e -> {
            ThreadInfo t = ctx.thread();
            return t == null ? 0 : fn.get(t);
        }) {
            @Override
            public boolean append(StringBuilder sb, EventView e) {
                ThreadInfo t = ctx.thread();
                if (t == null || t.comm() == null) return false;
                sb.append(fn.get(t));
                return true;
            }
        };
    }

    static class NumField implements Field {
        private final String name;
        private final LongFn fn;

        NumField(String name, LongFn fn) {
            this.name = name;
            this.fn = fn;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public boolean append(StringBuilder sb, EventView e) {
            sb.append(fn.get(e));
            return true;
        }

        @Override
        public long number(EventView e) {
            return fn.get(e);
        }
    }
}
