package dev.talon.inspect.format;

import dev.talon.event.ByteText;
import dev.talon.event.DynamicTable;
import dev.talon.event.EventInfo;
import dev.talon.event.EventView;
import dev.talon.event.FlagTable;
import dev.talon.event.ParamFormat;
import dev.talon.event.ParamInfo;
import dev.talon.event.ParamType;
import dev.talon.event.SyscallCodes;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.Paths;
import dev.talon.inspect.state.SockAddrs;
import dev.talon.inspect.state.StateTracker;
import dev.talon.inspect.state.ThreadInfo;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Renders event parameters the way sysdig's {@code %evt.info} / {@code %evt.args} do: {@code name=value }
 * for each parameter present in the event, with fd, pid, errno, flag, uid and path decorations resolved
 * against the current state. Text is produced one char per byte (ISO-8859-1), so output bytes equal the
 * capture's bytes exactly.
 */
public final class ArgRenderer {
    /** sysdig truncates buffers to this many characters (the last three become "...") unless -v */
    static final int MAX_BUF_LEN = 80;

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private final StateTracker state;
    private final BufferMode mode;
    private final boolean verbose;

    public ArgRenderer(StateTracker state, BufferMode mode, boolean verbose) {
        this.state = state;
        this.mode = mode;
        this.verbose = verbose;
    }

    /** Whether this event's parameters are not printed at all (generic syscalls: the name is the type). */
    static boolean hidesArgs(EventView e) {
        EventInfo info = e.info();
        return info != null && "syscall".equals(info.name()) && info.code() <= 1;
    }

    public static boolean hidesArgsOf(EventView e) {
        return hidesArgs(e);
    }

    /**
     * evt.arg: the parameter as libsinsp resolves it, i.e. the decoration of {@link #appendParam} when it has
     * one ({@code <f>/etc/passwd} for an fd, {@code ENOENT} for an error, {@code O_RDONLY|O_CLOEXEC} for
     * flags, the user name for a uid), else the plain value.
     */
    public void appendResolved(StringBuilder sb, EventView e, int i) {
        int start = sb.length();
        appendParam(sb, e, i);
        ParamType type = e.info().param(i).type();
        boolean decorated = switch (type) {
            case PT_FD, PT_PID, PT_ERRNO, PT_UID, PT_GID, PT_SIGTYPE, PT_RELTIME, PT_FSPATH, PT_FSRELPATH,
                 PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_MODE,
                 PT_SOCKFAMILY, PT_DYN -> true;
            default -> e.info().param(i).flagTable() != null;
        };
        if (!decorated || sb.length() == start || sb.charAt(sb.length() - 1) != ')') return;
        int open = -1;
        for (int k = start; k < sb.length(); k++) {
            if (sb.charAt(k) == '(') {
                open = k;
                break;
            }
        }
        if (open <= start) return;
        sb.delete(start, open + 1);
        sb.setLength(sb.length() - 1);
    }

    /** %evt.info / %evt.args: every parameter as {@code name=value } (each followed by one space). */
    public void appendArgs(StringBuilder sb, EventView e) {
        EventInfo info = e.info();
        if (info == null || hidesArgs(e)) return;
        int n = Math.min(e.paramCount(), info.paramCount());
        for (int i = 0; i < n; i++) {
            sb.append(info.param(i).name()).append('=');
            appendParam(sb, e, i);
            sb.append(' ');
        }
    }

    /** The event type as evt.type prints it (generic syscalls resolve their syscall id). */
    public static String typeName(EventView e) {
        EventInfo info = e.info();
        if (info == null) return "<unknown>";
        if (info.code() <= 1 && e.paramCount() > 0 && e.paramLength(0) >= 2) {
            String n = SyscallCodes.name(e.paramU16(0));
            return n == null || n.equals("unknown") ? "<unknown>" : n;
        }
        return info.name();
    }

    /** One parameter's value. */
    public void appendParam(StringBuilder sb, EventView e, int i) {
        ParamInfo p = e.info().param(i);
        int len = e.paramLength(i);
        ByteBuffer s = e.buffer();
        int at = e.paramPosition(i);
        ParamType type = p.type();
        if (len == 0) {
            appendEmpty(sb, type);
            return;
        }
        switch (type) {
            case PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_UINT8, PT_UINT16, PT_UINT32, PT_UINT64, PT_PORT,
                 PT_L4PROTO, PT_BOOL, PT_SIGSET, PT_ABSTIME, PT_UID, PT_GID, PT_FD32, PT_PID32 -> {
                long v = readInt(s, at, len, type.isSigned());
                if (type == ParamType.PT_UID || type == ParamType.PT_GID) {
                    appendNumber(sb, v, p.format(), false);
                    String name = type == ParamType.PT_UID ? state.users().userName(v) : state.users().groupName(v);
                    if (name != null) sb.append('(').append(name).append(')');
                } else if (p.flagTable() != null) {
                    // sysdig prints flag values in decimal whatever the declared format
                    appendNumber(sb, v, ParamFormat.PF_DEC, type.isSigned());
                    appendFlags(sb, v, p.flagTable(), false);
                } else {
                    appendNumber(sb, v, p.format(), type.isSigned() || type == ParamType.PT_FD32);
                }
            }
            case PT_ERRNO -> {
                long v = readInt(s, at, len, true);
                if (p.format() == ParamFormat.PF_HEX) {
                    appendHexUpper(sb, v); // mmap/brk results are addresses
                } else {
                    sb.append(v);
                    appendErrno(sb, v);
                }
            }
            case PT_FD -> appendFd(sb, readInt(s, at, len, true));
            case PT_PID -> {
                long v = readInt(s, at, len, true);
                sb.append(v);
                ThreadInfo t = state.threads().get(v);
                if (t != null && t.comm() != null) sb.append('(').append(t.comm()).append(')');
            }
            case PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_MODE -> {
                long v = readInt(s, at, len, false);
                appendNumber(sb, v, type == ParamType.PT_MODE ? p.format() : ParamFormat.PF_DEC, false);
                if (p.flagTable() != null) {
                    boolean exact = type == ParamType.PT_ENUMFLAGS8 || type == ParamType.PT_ENUMFLAGS16
                            || type == ParamType.PT_ENUMFLAGS32;
                    appendFlags(sb, v, p.flagTable(), exact);
                }
            }
            case PT_SIGTYPE -> {
                long v = readInt(s, at, len, false);
                sb.append(v);
                if (v > 0 && v < SIGNALS.length) sb.append('(').append(SIGNALS[(int) v]).append(')');
            }
            case PT_RELTIME -> {
                long v = readInt(s, at, len, false);
                appendUnsigned(sb, v);
                sb.append('(');
                appendG(sb, v / 1e9);
                sb.append("s)");
            }
            case PT_SYSCALLID -> {
                long v = readInt(s, at, len, false);
                String n = SyscallCodes.name((int) v);
                // the schema's own "unknown" entry reads as sysdig's placeholder, as evt.type does
                sb.append(n == null || n.equals("unknown") ? "<unknown>" : n);
            }
            case PT_CHARBUF -> appendLatin1(sb, s, at, len, true);
            case PT_FSPATH, PT_FSRELPATH -> appendPath(sb, e, p, s, at, len);
            case PT_BYTEBUF, PT_CHARBUFARRAY, PT_CHARBUF_PAIR_ARRAY -> appendBuffer(sb, s, at, len);
            case PT_SOCKADDR -> {
                if (!SockAddrs.sockaddr(sb, s, at, len)) sb.append("NULL");
            }
            case PT_SOCKTUPLE -> {
                if (!SockAddrs.socktuple(sb, s, at, len)) sb.append("NULL");
            }
            case PT_FDLIST -> appendFdList(sb, s, at, len);
            case PT_SOCKFAMILY -> {
                long v = readInt(s, at, len, false);
                sb.append(v);
                if (p.flagTable() != null) appendFlags(sb, v, p.flagTable(), true);
            }
            case PT_IPV4ADDR -> SockAddrs.ipv4(sb, s, at);
            case PT_IPV6ADDR -> SockAddrs.ipv6(sb, s, at);
            case PT_DYN -> appendDynamic(sb, p.dynamicTable(), s, at, len);
            case PT_DOUBLE -> sb.append(Double.longBitsToDouble(s.getLong(at)));
            default -> appendBuffer(sb, s, at, len);
        }
    }

    private static void appendEmpty(StringBuilder sb, ParamType type) {
        switch (type) {
            case PT_SOCKADDR, PT_SOCKTUPLE -> sb.append("NULL");
            case PT_BYTEBUF, PT_FDLIST -> { }
            default -> sb.append("<NA>");
        }
    }

    static long readInt(ByteBuffer s, int at, int len, boolean signed) {
        return switch (len) {
            case 1 -> signed ? s.get(at) : Byte.toUnsignedLong(s.get(at));
            case 2 -> signed ? s.getShort(at) : Short.toUnsignedLong(s.getShort(at));
            case 4 -> signed ? s.getInt(at) : Integer.toUnsignedLong(s.getInt(at));
            default -> len >= 8 ? s.getLong(at) : 0;
        };
    }

    static void appendNumber(StringBuilder sb, long v, ParamFormat f, boolean signed) {
        switch (f) {
            case PF_HEX -> appendHexUpper(sb, v);
            case PF_OCT -> {
                if (v == 0) sb.append('0');
                else sb.append('0').append(Long.toOctalString(v));
            }
            case PF_10_PADDED_DEC -> {
                String d = signed ? Long.toString(v) : Long.toUnsignedString(v);
                for (int k = d.length(); k < 9; k++) sb.append('0');
                sb.append(d);
            }
            default -> {
                if (signed) sb.append(v);
                else appendUnsigned(sb, v);
            }
        }
    }

    /** {@code v} as an unsigned decimal, without the String that {@link Long#toUnsignedString} builds (every line prints some). */
    public static void appendUnsigned(StringBuilder sb, long v) {
        if (v >= 0) {
            sb.append(v);
        } else {
            long q = (v >>> 1) / 5; // v / 10 unsigned
            sb.append(q).append((char) ('0' + (v - q * 10)));
        }
    }

    /** {@code v} in upper-case hex digits, no leading zeros, without the two Strings of toHexString().toUpperCase(). */
    static void appendHexUpper(StringBuilder sb, long v) {
        int shift = (63 - Long.numberOfLeadingZeros(v | 1)) & ~3;
        for (; shift >= 0; shift -= 4) sb.append(HEX_UPPER[(int) (v >>> shift) & 0xf]);
    }

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    /**
     * {@code (A|B)} for the table entries in C array order: a bit entry matches when all its bits are still
     * set (and its bits are then cleared, so O_RDWR hides O_WRONLY/O_RDONLY); a zero entry matches only a
     * zero value. Enumerations match exactly. Nothing is appended when no entry matches.
     */
    static void appendFlags(StringBuilder sb, long v, FlagTable t, boolean exact) {
        int start = sb.length();
        if (exact) {
            for (int i = 0; i < t.size(); i++) {
                if (t.value(i) == v) {
                    sb.append('(').append(t.symbol(i)).append(')');
                    return;
                }
            }
            return;
        }
        long rest = v;
        boolean first = true;
        for (int i = 0; i < t.size(); i++) {
            long f = t.value(i);
            boolean match = f == 0 ? v == 0 : (rest & f) == f;
            if (!match) continue;
            rest &= ~f;
            sb.append(first ? "(" : "|").append(t.symbol(i));
            first = false;
        }
        if (!first) sb.append(')');
        else sb.setLength(start);
    }

    static void appendErrno(StringBuilder sb, long v) {
        if (v < 0) {
            String n = Errnos.name(-v);
            if (n != null) sb.append('(').append(n).append(')');
        }
    }

    private void appendFd(StringBuilder sb, long fd) {
        sb.append(fd);
        if (fd == -100) {
            sb.append("(AT_FDCWD)");
            return;
        }
        if (fd < 0) {
            appendErrno(sb, fd);
            return;
        }
        ThreadInfo t = state.thread();
        if (t == null) return;
        FdInfo f = t.fds().get(fd);
        if (f != null) sb.append('(').append(f.tag()).append(f.name()).append(')');
    }

    /**
     * A path parameter as sysdig 0.29.3 prints it: the bytes outside printable ASCII left out, then for a
     * relative path the resolved one in parentheses, where such bytes are '.' (as in the fd table, see
     * {@link Paths#printable}).
     */
    private void appendPath(StringBuilder sb, EventView e, ParamInfo p, ByteBuffer s, int at, int len) {
        pathBuf.setLength(0);
        appendLatin1(pathBuf, s, at, len, true);
        Paths.appendWithoutUnprintable(sb, pathBuf);
        if (pathBuf.isEmpty()) {
            sb.append("<NA>");
            return;
        }
        // absolute paths, and old drivers' literal "<NA>" for unreadable paths, are shown as they are
        if (pathBuf.charAt(0) == '/' || (pathBuf.length() == 4 && pathBuf.indexOf("<NA>") == 0)) return;
        ThreadInfo t = state.thread();
        if (t == null) return;
        String rel = pathBuf.toString();
        String base;
        int dirfdIdx = p.dirfdIndex();
        if (p.type() == ParamType.PT_FSRELPATH && dirfdIdx >= 0 && dirfdIdx < e.paramCount() && e.paramLength(dirfdIdx) > 0) {
            long dirfd = e.paramAsLong(dirfdIdx);
            if (dirfd == -100) {
                base = state.threads().cwdOf(t);
            } else {
                FdInfo d = t.fds().get(dirfd);
                base = d == null ? "" : d.name();
            }
        } else {
            base = state.threads().cwdOf(t);
        }
        sb.append('(').append(Paths.printable(Paths.resolve(base, rel))).append(')');
    }

    /** The raw bytes of the path {@link #appendPath} renders. */
    private final StringBuilder pathBuf = new StringBuilder(64);

    /** Bytes up to the first NUL (strings) or all bytes, one char per byte. */
    public static void appendLatin1(StringBuilder sb, ByteBuffer s, int at, int len, boolean stopAtNul) {
        for (int k = 0; k < len; k++) {
            byte b = s.get(at + k);
            if (b == 0 && stopAtNul) break;
            sb.append((char) (b & 0xff));
        }
    }

    private void appendBuffer(StringBuilder sb, ByteBuffer s, int at, int len) {
        switch (mode) {
            case NORMAL -> {
                int start = sb.length();
                int n = verbose ? len : Math.min(len, MAX_BUF_LEN);
                for (int k = 0; k < n; k++) {
                    int c = s.get(at + k) & 0xff;
                    sb.append(ByteText.isPrintable(c) ? (char) c : '.');
                }
                if (!verbose && len > MAX_BUF_LEN) {
                    sb.setLength(start + MAX_BUF_LEN - 3);
                    sb.append("...");
                }
            }
            case ASCII -> {
                sb.append('\n');
                for (int k = 0; k < len; k++) {
                    int c = s.get(at + k) & 0xff;
                    if (ByteText.isPrintable(c) || c == '\n' || c == '\t') sb.append((char) c);
                }
            }
            case BASE64 -> {
                byte[] b = new byte[len];
                s.get(at, b, 0, len);
                sb.append(Base64.getEncoder().encodeToString(b));
            }
            case HEX, HEX_ASCII -> appendHexDump(sb, s, at, len, mode == BufferMode.HEX_ASCII);
        }
    }

    private static final char[] HEXD = "0123456789abcdef".toCharArray();

    static void appendHexDump(StringBuilder sb, ByteBuffer s, int at, int len, boolean ascii) {
        sb.append('\n');
        for (int line = 0; line < len; line += 16) {
            int n = Math.min(16, len - line);
            sb.append("\t0x");
            String off = Integer.toHexString(line);
            for (int k = off.length(); k < 4; k++) sb.append('0');
            sb.append(off).append(": ");
            int hexStart = sb.length();
            for (int k = 0; k < n; k++) {
                if (k > 0 && k % 2 == 0) sb.append(' ');
                int c = s.get(at + line + k) & 0xff;
                sb.append(HEXD[c >> 4]).append(HEXD[c & 15]);
            }
            if (ascii) {
                while (sb.length() - hexStart < 41) sb.append(' ');
                for (int k = 0; k < n; k++) {
                    int c = s.get(at + line + k) & 0xff;
                    sb.append(ByteText.isPrintable(c) ? (char) c : '.');
                }
            }
            sb.append('\n');
        }
    }

    private void appendFdList(StringBuilder sb, ByteBuffer s, int at, int len) {
        if (len < 2) return;
        int count = Short.toUnsignedInt(s.getShort(at));
        int pos = at + 2;
        ThreadInfo t = state.thread();
        for (int k = 0; k < count && pos + 10 <= at + len; k++) {
            long fd = s.getLong(pos);
            int flags = Short.toUnsignedInt(s.getShort(pos + 8));
            pos += 10;
            if (k > 0) sb.append(' ');
            sb.append(fd).append(':');
            FdInfo f = t == null ? null : t.fds().get(fd);
            if (f != null) sb.append(f.typeChar());
            sb.append(Integer.toHexString(flags));
        }
    }

    private void appendDynamic(StringBuilder sb, DynamicTable t, ByteBuffer s, int at, int len) {
        int idx = Byte.toUnsignedInt(s.get(at));
        if (t == null || idx >= t.size()) {
            appendBuffer(sb, s, at, len);
            return;
        }
        ParamType vt = t.type(idx);
        int vat = at + 1;
        int vlen = len - 1;
        switch (vt) {
            case PT_ERRNO -> {
                long v = readInt(s, vat, vlen, true);
                sb.append(v);
                appendErrno(sb, v);
            }
            case PT_BYTEBUF, PT_CHARBUF -> appendBuffer(sb, s, vat, vlen);
            default -> appendNumber(sb, readInt(s, vat, vlen, vt.isSigned()), t.format(idx), vt.isSigned());
        }
    }

    /** C's %g: 6 significant digits, trailing zeros removed. */
    static void appendG(StringBuilder sb, double d) {
        if (d == 0) {
            sb.append('0');
            return;
        }
        String r = String.format(java.util.Locale.ROOT, "%.6g", d);
        if (r.contains("e")) {
            String mant = r.substring(0, r.indexOf('e'));
            String exp = r.substring(r.indexOf('e'));
            if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
            sb.append(mant).append(exp);
        } else {
            if (r.contains(".")) r = r.replaceAll("0+$", "").replaceAll("\\.$", "");
            sb.append(r);
        }
    }
}
