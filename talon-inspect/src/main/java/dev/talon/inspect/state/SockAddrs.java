package dev.talon.inspect.state;

import java.nio.ByteBuffer;

/**
 * Text forms of PT_SOCKADDR / PT_SOCKTUPLE payloads as sysdig prints them: {@code 1.2.3.4:80},
 * {@code 1.2.3.4:5->6.7.8.9:80}, IPv6 in RFC 5952 short form, unix tuples as {@code src->dst path}.
 * Families are PPM_AF_* codes: 1 unix, 2 inet, 10 inet6. Buffers are read with absolute gets, little-endian
 * ({@link dev.talon.event.EventView#buffer()}); ports are stored in host order, addresses in network order.
 */
public final class SockAddrs {
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;

    private SockAddrs() {}

    public static void ipv4(StringBuilder sb, ByteBuffer s, int at) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) sb.append('.');
            sb.append(Byte.toUnsignedInt(s.get(at + i)));
        }
    }

    /** IPv6 text per inet_ntop: longest run (>= 2) of zero groups as "::", lowercase hex, v4-mapped tail. */
    public static void ipv6(StringBuilder sb, ByteBuffer s, int at) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (Byte.toUnsignedInt(s.get(at + 2 * i)) << 8)
                    | Byte.toUnsignedInt(s.get(at + 2 * i + 1));
        }
        boolean v4mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLen) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) bestStart = -1;
        int end = v4mapped ? 6 : 8;
        for (int i = 0; i < end; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        if (v4mapped) {
            if (sb.charAt(sb.length() - 1) != ':') sb.append(':');
            ipv4(sb, s, at + 12);
        }
    }

    /** ::ffff:a.b.c.d (and ::, which libsinsp treats as "any" in a mapped tuple) */
    static boolean isV4Mapped(ByteBuffer s, int at) {
        for (int i = 0; i < 10; i++) if (s.get(at + i) != 0) return false;
        return s.get(at + 10) == (byte) 0xff && s.get(at + 11) == (byte) 0xff;
    }

    /** Whether a PT_SOCKTUPLE is an IPv6 tuple of two v4-mapped addresses (rendered and typed as IPv4). */
    public static boolean isMappedTuple(ByteBuffer s, int at, int len) {
        return len >= 37 && s.get(at) == AF_INET6 && isV4Mapped(s, at + 1) && isV4Mapped(s, at + 19);
    }

    static int port(ByteBuffer s, int at) {
        return Short.toUnsignedInt(s.getShort(at));
    }

    /** Renders a PT_SOCKADDR; returns false when the family is not one sysdig prints (nothing appended). */
    public static boolean sockaddr(StringBuilder sb, ByteBuffer s, int at, int len) {
        if (len < 1) return false;
        int fam = Byte.toUnsignedInt(s.get(at));
        if (fam == AF_INET && len >= 7) {
            ipv4(sb, s, at + 1);
            sb.append(':').append(port(s, at + 5));
            return true;
        }
        if (fam == AF_INET6 && len >= 19) {
            ipv6(sb, s, at + 1);
            sb.append(':').append(port(s, at + 17));
            return true;
        }
        if (fam == AF_UNIX) {
            cstring(sb, s, at + 1, len - 1);
            return true;
        }
        return false;
    }

    /** Renders a PT_SOCKTUPLE; returns false for families sysdig does not print. */
    public static boolean socktuple(StringBuilder sb, ByteBuffer s, int at, int len) {
        if (len < 1) return false;
        int fam = Byte.toUnsignedInt(s.get(at));
        if (fam == AF_INET && len >= 13) {
            ipv4(sb, s, at + 1);
            sb.append(':').append(port(s, at + 5)).append("->");
            ipv4(sb, s, at + 7);
            sb.append(':').append(port(s, at + 11));
            return true;
        }
        if (fam == AF_INET6 && len >= 37 && isV4Mapped(s, at + 1) && isV4Mapped(s, at + 19)) {
            // libsinsp shows IPv4 traffic on dual-stack sockets as plain IPv4
            ipv4(sb, s, at + 13);
            sb.append(':').append(port(s, at + 17)).append("->");
            ipv4(sb, s, at + 31);
            sb.append(':').append(port(s, at + 35));
            return true;
        }
        if (fam == AF_INET6 && len >= 37) {
            ipv6(sb, s, at + 1);
            sb.append(':').append(port(s, at + 17)).append("->");
            ipv6(sb, s, at + 19);
            sb.append(':').append(port(s, at + 35));
            return true;
        }
        if (fam == AF_UNIX && len >= 17) {
            sb.append(Long.toHexString(s.getLong(at + 1))).append("->").append(Long.toHexString(s.getLong(at + 9)))
                    .append(' ');
            cstring(sb, s, at + 17, len - 17);
            return true;
        }
        return false;
    }

    /**
     * A unix socket path up to its NUL, without the bytes outside printable ASCII as sysdig 0.29.3 prints it
     * (in fd.name and in the tuple and address parameters: {@code /run/s\né} is {@code /run/s}).
     */
    static void cstring(StringBuilder sb, ByteBuffer s, int at, int max) {
        for (int n = 0; n < max; n++) {
            char c = (char) (s.get(at + n) & 0xff);
            if (c == 0) break;
            if (dev.talon.event.ByteText.isPrintable(c)) sb.append(c);
        }
    }
}
