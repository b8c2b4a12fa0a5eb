package dev.talon.inspect.field;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.filter.FieldInfo;
import dev.talon.filter.FieldType;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.ThreadInfo;

import static dev.talon.inspect.field.Support.ABSENT;
import static dev.talon.inspect.field.Support.bool;
import static dev.talon.inspect.field.Support.fdNum;
import static dev.talon.inspect.field.Support.fdRef;
import static dev.talon.inspect.field.Support.fdText;

/** The fd class: the file descriptor an event is about, with socket endpoints split by role. */
final class FdFields {
    private FdFields() {}

    static Field create(FieldInfo info, String written, String arg, EventContext ctx) throws UnknownFieldException {
        String n = info.name();
        FieldType type = info.type();
        return switch (n) {
            case "fd.num" -> Support.num(written, type, e -> {
                long fd = ctx.fd(e);
                return fd == Long.MIN_VALUE ? ABSENT : fd;
            });
            case "fd.name" -> new Field(written, type) {
                private final StringBuilder sb = new StringBuilder(64);

                @Override
                public boolean eval(EventView e) {
                    FdInfo f = ctx.fdInfo(e);
                    if (f != null) {
                        // a failed connect leaves the fd unnamed, but the event's fd.name is the tuple it tried
                        if (CREATOR[e.type()] == 3 && e.paramCount() > 1 && e.paramAsLong(0) < 0) {
                            sb.setLength(0);
                            ctx.args().appendParam(sb, e, 1);
                            text = sb;
                            return true;
                        }
                        text = f.name(); // the table's string itself: no copy per event
                        return true;
                    }
                    if (!ctx.fdEvent(e)) return false;
                    sb.setLength(0);
                    if (!creatorName(sb, e, ctx)) return false;
                    text = sb;
                    return true;
                }
            };
            case "fd.nameraw" -> fdRef(written, type, ctx, FdInfo::nameRaw);
            case "fd.typechar" -> Support.text(written, type, (sb, e) -> {
                FdInfo f = ctx.fdInfo(e);
                if (f != null) sb.append(f.typeChar());
                else if (ctx.fdEvent(e)) sb.append(NULL_TYPECHAR[e.type()]);
                else return false;
                return true;
            });
            case "fd.type" -> fdRef(written, type, ctx, f -> typeName(f.type()));
            case "fd.directory" -> new Field(written, type) {
                private final StringBuilder sb = new StringBuilder(64);
                private final PathParts dirs = new PathParts(FdFields::directory);

                @Override
                public boolean eval(EventView e) {
                    FdInfo f = ctx.fdInfo(e);
                    if (f == null) {
                        sb.setLength(0);
                        if (!ctx.fdEvent(e) || !creatorName(sb, e, ctx)) return false;
                        directory(sb);
                        text = sb;
                        return true;
                    }
                    if (!isFile(f)) return false;
                    String name = f.name();
                    boolean dir = f.type() == FdInfo.DIRECTORY;
                    if (name == null) text = dir ? "null" : "/"; // as the name printed, then cut
                    else text = dir ? name : dirs.of(name);
                    return true;
                }
            };
            case "fd.filename" -> new Field(written, type) {
                // libsinsp: after the last slash; "/" for a name without one (a relative open of old drivers)
                private final PathParts files = new PathParts(p -> {
                    int slash = p.lastIndexOf('/');
                    return slash < 0 ? "/" : p.substring(slash + 1);
                });

                @Override
                public boolean eval(EventView e) {
                    FdInfo f = ctx.fdInfo(e);
                    if (f == null || !isFile(f) || f.type() == FdInfo.DIRECTORY) return false;
                    text = files.of(f.name());
                    return true;
                }
            };
            case "fd.ip" -> ip(written, type, ctx, Which.ANY);
            case "fd.cip" -> ip(written, type, ctx, Which.CLIENT);
            case "fd.sip" -> ip(written, type, ctx, Which.SERVER);
            case "fd.lip" -> ip(written, type, ctx, Which.LOCAL);
            case "fd.rip" -> ip(written, type, ctx, Which.REMOTE);
            case "fd.net" -> ip(written, type, ctx, Which.ANY);
            case "fd.cnet" -> ip(written, type, ctx, Which.CLIENT);
            case "fd.snet" -> ip(written, type, ctx, Which.SERVER);
            case "fd.lnet" -> ip(written, type, ctx, Which.LOCAL);
            case "fd.rnet" -> ip(written, type, ctx, Which.REMOTE);
            case "fd.port" -> port(written, type, ctx, Which.ANY);
            case "fd.cport" -> port(written, type, ctx, Which.CLIENT);
            case "fd.sport" -> port(written, type, ctx, Which.SERVER);
            case "fd.lport" -> port(written, type, ctx, Which.LOCAL);
            case "fd.rport" -> port(written, type, ctx, Which.REMOTE);
            case "fd.proto" -> port(written, type, ctx, Which.ANY);
            // protocol names come from /etc/services of the capturing host, which a capture does not carry
            case "fd.cproto", "fd.sproto", "fd.lproto", "fd.rproto" -> Support.ref(written, type, e -> null);
            case "fd.l4proto" -> fdRef(written, type, ctx, f -> {
                if (!isInet(f)) return null;
                return switch (f.l4()) {
                    case FdInfo.L4_TCP -> "tcp";
                    case FdInfo.L4_UDP -> "udp";
                    case FdInfo.L4_ICMP -> "icmp";
                    case FdInfo.L4_RAW -> "raw";
                    default -> null;
                };
            });
            case "fd.sockfamily" -> fdRef(written, type, ctx, f -> isInet(f) ? "ip"
                    : f.type() == FdInfo.UNIX_SOCK ? "unix" : null);
            // a server socket, or an inet socket whose server end is an address of this machine, whatever its
            // role (a loopback client counts too: single_ipv6_conn #1154)
            case "fd.is_server" -> fdNum(written, type, ctx, f -> bool(f.isServerSocket()
                    || (isInet(f) && ctx.state().serverIsLocal(f, ctx.thread()))));
            case "fd.uid" -> Support.text(written, type, (sb, e) -> {
                ThreadInfo t = ctx.thread();
                long fd = ctx.fd(e);
                if (t == null || fd == Long.MIN_VALUE || ctx.fdInfo(e) == null) return false;
                sb.append(t.pid()).append(fd);
                return true;
            });
            case "fd.containername" -> Support.text(written, type, (sb, e) -> {
                ThreadInfo t = ctx.thread();
                FdInfo f = ctx.fdInfo(e);
                if (t == null || f == null) return false;
                sb.append(t.containerId()).append(f.name());
                return true;
            });
            case "fd.containerdirectory" -> Support.text(written, type, (sb, e) -> {
                ThreadInfo t = ctx.thread();
                FdInfo f = ctx.fdInfo(e);
                if (t == null || f == null || !isFile(f)) return false;
                String p = f.name();
                int slash = p.lastIndexOf('/');
                sb.append(t.containerId()).append(p, 0, Math.max(slash, 0));
                return true;
            });
            // a connection's two ends known; a bound or listening socket is not connected, nor is a non-socket
            // (single_ipv6_conn: false after bind #851, true from connect #1153)
            case "fd.connected" -> fdNum(written, type, ctx, f -> bool(f.isSocket() && f.hasAddresses()
                    && !f.isServerSocket()));
            case "fd.name_changed" -> fdNum(written, type, ctx, f -> 0);
            // reverse DNS of endpoints is not in a capture
            case "fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name" -> Support.ref(written, type, e -> null);
            case "fd.dev" -> fdNum(written, type, ctx, f -> isFile(f) ? f.dev() : ABSENT);
            case "fd.dev.major" -> fdNum(written, type, ctx, f -> isFile(f) ? (f.dev() >>> 20) & 0xfff : ABSENT);
            case "fd.dev.minor" -> fdNum(written, type, ctx, f -> isFile(f) ? f.dev() & 0xfffff : ABSENT);
            case "fd.ino" -> fdNum(written, type, ctx, f -> isFile(f) ? f.ino() : ABSENT);
            case "fd.is_upper_layer" -> fdNum(written, type, ctx, f -> bool((f.openFlags() & 0x8000) != 0));
            case "fd.is_lower_layer" -> fdNum(written, type, ctx, f -> bool((f.openFlags() & 0x10000) != 0));
            case "fd.types" -> types(written, type, ctx, arg);
            default -> throw new UnknownFieldException("field '" + n + "' is not supported");
        };
    }

    /** libsinsp's dirname of fd.directory: up to the last slash, "/" when there is none (or only the first). */
    private static String directory(String name) {
        int slash = name.lastIndexOf('/');
        if (slash <= 0) return "/";
        return slash < name.length() - 1 ? name.substring(0, slash) : name;
    }

    /** {@link #directory(String)} of the name in {@code sb}, in place. */
    private static void directory(StringBuilder sb) {
        int slash = sb.lastIndexOf("/");
        if (slash > 0) {
            if (slash < sb.length() - 1) sb.setLength(slash);
        } else {
            sb.setLength(0);
            sb.append('/');
        }
    }

    /**
     * fd.name of an fd event whose fd is not in the table (libsinsp's extract_fdname_from_creator): nothing
     * on enter events, the requested path of a failed open, the tuple of a failed accept, else empty.
     */
    private static boolean creatorName(StringBuilder sb, EventView e, EventContext ctx) {
        if (e.info().isEnter()) return false;
        switch (CREATOR[e.type()]) {
            case 1 -> {
                String p = ctx.state().failedOpen();
                if (p != null) sb.append(p);
            }
            case 2 -> {
                if (e.paramCount() > 1) ctx.args().appendResolved(sb, e, 1);
            }
            default -> { }
        }
        return true;
    }

    /** Per event type: 1 open-like exits, 2 accept exits (fd.name without an fd), 3 connect exits, else 0. */
    private static final byte[] CREATOR = new byte[EventSchema.typeCount()];
    /** Per event type: fd.typechar when the fd is unknown (libsinsp guesses from the syscall). */
    private static final char[] NULL_TYPECHAR = new char[EventSchema.typeCount()];

    static {
        for (int t = 0; t < NULL_TYPECHAR.length; t++) {
            EventInfo i = EventSchema.info(t);
            String n = i == null ? "" : i.name();
            NULL_TYPECHAR[t] = switch (n) {
                case "open", "openat", "openat2", "creat" -> 'f';
                case "socket", "accept", "accept4" -> '4';
                case "pipe", "pipe2" -> 'p';
                case "eventfd", "eventfd2" -> 'e';
                case "signalfd", "signalfd4" -> 's';
                case "timerfd_create" -> 't';
                case "inotify_init", "inotify_init1" -> 'i';
                default -> 'o';
            };
            if (i != null && !i.isEnter()) {
                CREATOR[t] = switch (n) {
                    case "open", "openat", "openat2", "creat" -> (byte) 1;
                    case "accept", "accept4" -> (byte) 2;
                    case "connect" -> (byte) 3;
                    default -> (byte) 0;
                };
            }
        }
    }

    static boolean isFile(FdInfo f) {
        return f.type() == FdInfo.FILE || f.type() == FdInfo.FILE_V2 || f.type() == FdInfo.DIRECTORY;
    }

    static boolean isInet(FdInfo f) {
        return f.type() == FdInfo.IPV4_SOCK || f.type() == FdInfo.IPV6_SOCK || f.type() == FdInfo.IPV4_SERVSOCK
                || f.type() == FdInfo.IPV6_SERVSOCK;
    }

    static String typeName(int type) {
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

    enum Which { ANY, CLIENT, SERVER, LOCAL, REMOTE }

    /** Whether the chosen endpoint is the server side: local/remote by whether the client is this machine. */
    private static boolean serverSide(FdInfo f, Which w, EventContext ctx) {
        return switch (w) {
            case CLIENT -> false;
            case SERVER, ANY -> true;
            case LOCAL -> !ctx.state().clientIsLocal(f);
            case REMOTE -> ctx.state().clientIsLocal(f);
        };
    }

    private static Field ip(String written, FieldType type, EventContext ctx, Which w) {
        return new Field(written, type) {
            @Override
            public boolean eval(EventView e) {
                FdInfo f = ctx.fdInfo(e);
                if (f == null || !f.hasAddresses() || !isInet(f)) return false;
                boolean listening = f.isServerSocket();
                // a bound/listening socket has only its server address (libsinsp's server socket: no local or
                // remote endpoint; single_ipv6_conn #851)
                if (listening && w != Which.SERVER && w != Which.ANY) return false;
                boolean server = listening || serverSide(f, w, ctx);
                ipLen = f.ipLength();
                for (int i = 0; i < ipLen; i++) ip[i] = (byte) f.addrByte(server, i);
                return true;
            }

            @Override
            public int count() {
                return 1;
            }
        };
    }

    private static Field port(String written, FieldType type, EventContext ctx, Which w) {
        return Support.num(written, type, e -> {
            FdInfo f = ctx.fdInfo(e);
            if (f == null || !f.hasAddresses() || !isInet(f)) return ABSENT;
            if (f.isServerSocket()) {
                // sysdig 0.29.3 shows a server socket's client port as 0 and has no local or remote port
                return switch (w) {
                    case SERVER, ANY -> f.serverPort();
                    case CLIENT -> 0;
                    case LOCAL, REMOTE -> ABSENT;
                };
            }
            return serverSide(f, w, ctx) ? f.serverPort() : f.clientPort();
        });
    }

    /**
     * fd.types: the fd type names of the process's open fds (a list, each type once), or with an argument
     * the type of that fd number.
     */
    private static Field types(String written, FieldType type, EventContext ctx, String arg) throws UnknownFieldException {
        if (arg != null && !arg.isEmpty()) {
            long fd;
            try {
                fd = Long.parseLong(arg);
            } catch (NumberFormatException ex) {
                throw new UnknownFieldException("field 'fd.types' needs an fd number, got '" + arg + "'");
            }
            return Support.ref(written, type, e -> {
                ThreadInfo t = ctx.thread();
                FdInfo f = t == null ? null : t.fds().get(fd);
                return f == null ? null : typeName(f.type());
            });
        }
        return new Field(written, type) {
            private final String[] names = new String[32];
            private int n;
            private final StringBuilder sb = new StringBuilder();

            @Override
            public boolean eval(EventView e) {
                ThreadInfo t = ctx.thread();
                if (t == null) return false;
                n = 0;
                t.fds().forEach(f -> {
                    String name = typeName(f.type());
                    for (int i = 0; i < n; i++) if (names[i].equals(name)) return;
                    if (n < names.length) names[n++] = name;
                });
                if (n == 0) return false;
                text = names[0];
                return true;
            }

            @Override
            public int count() {
                return n;
            }

            @Override
            public CharSequence text(int i) {
                return names[i];
            }

            @Override
            public void append(StringBuilder out) {
                sb.setLength(0);
                sb.append('(');
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(names[i]);
                }
                out.append(sb.append(')'));
            }
        };
    }
}
