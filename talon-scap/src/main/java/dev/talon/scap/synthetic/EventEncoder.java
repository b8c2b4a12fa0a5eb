package dev.talon.scap.synthetic;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.event.ParamType;
import dev.talon.scap.Ipv6Address;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes events into the v2 wire layout (ppm_evt_hdr, length array, parameters), converting Java
 * values according to each parameter's PT_ type ({@code shared/spec/param-types.tsv}):
 *
 * <ul>
 *   <li>{@code null}: the parameter is present with length 0 (absent value, printed {@code <NA>});
 *   <li>{@code byte[]}: used as is, for any type (the helpers below build sockaddr, socktuple, fdlist and
 *       dynamic values);
 *   <li>{@link Number}: fixed-size integer types (PT_INT*, PT_UINT*, PT_FD, PT_PID, PT_ERRNO, PT_FLAGS*,
 *       PT_MODE, PT_UID, ...) little-endian at the type's width; PT_DOUBLE as IEEE 754; PT_IPV4ADDR as an
 *       int holding the address in network order (127.0.0.1 = 0x7F000001);
 *   <li>{@link Boolean}: PT_BOOL (4 bytes);
 *   <li>{@link String}: PT_CHARBUF, PT_FSPATH, PT_FSRELPATH as UTF-8 plus the trailing NUL; PT_BYTEBUF
 *       as UTF-8 without a NUL (pass {@code "a\0b\0"} for argument lists);
 *   <li>{@link Ipv6Address}: PT_IPV6ADDR.
 * </ul>
 *
 * Fewer parameters than the schema lists may be given (old event layouts); more may not.
 */
public final class EventEncoder {
    /** PPM_AF_* codes used in sockaddr and socktuple parameters. */
    public static final int PPM_AF_UNIX = 1;
    public static final int PPM_AF_INET = 2;
    public static final int PPM_AF_INET6 = 10;

    private EventEncoder() {}

    /**
     * The wire bytes of one event.
     *
     * @throws IllegalArgumentException if the type is unknown, there are too many parameters, or a value
     *                                  does not fit its parameter's type
     */
    public static byte[] encode(int type, long ts, long tid, Object... params) {
        EventInfo info = EventSchema.info(type);
        if (info == null || type >= EventTypes.EVENT_MAX) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        if (params.length > info.paramCount()) {
            throw new IllegalArgumentException(info.ppme() + " has " + info.paramCount() + " parameters, got "
                    + params.length);
        }
        byte[][] values = new byte[params.length][];
        int width = info.isLargePayload() ? 4 : 2;
        long len = EventView.HEADER_V2 + (long) width * params.length;
        for (int i = 0; i < params.length; i++) {
            values[i] = value(info, i, params[i]);
            if (width == 2 && values[i].length > 0xFFFF) {
                throw new IllegalArgumentException("parameter " + i + " of " + info.ppme() + " is "
                        + values[i].length + " bytes, more than a u16 length allows");
            }
            len += values[i].length;
        }
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("event too large: " + len + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate((int) len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ts).putLong(tid).putInt((int) len).putShort((short) type).putInt(params.length);
        for (byte[] v : values) {
            if (width == 2) {
                b.putShort((short) v.length);
            } else {
                b.putInt(v.length);
            }
        }
        for (byte[] v : values) {
            b.put(v);
        }
        return b.array();
    }

    private static byte[] value(EventInfo info, int i, Object v) {
        ParamType t = info.param(i).type();
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof byte[] raw) {
            return raw.clone();
        }
        switch (v) {
            case Boolean bool when t == ParamType.PT_BOOL -> {
                return le(bool ? 1 : 0, 4);
            }
            case Number n when t == ParamType.PT_DOUBLE -> {
                return le(Double.doubleToRawLongBits(n.doubleValue()), 8);
            }
            case Number n when t == ParamType.PT_IPV4ADDR -> {
                int ip = n.intValue();
                return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
            }
            case Number n when isInteger(t) -> {
                return le(n.longValue(), t.wireSize());
            }
            case String s when t == ParamType.PT_CHARBUF || t == ParamType.PT_FSPATH || t == ParamType.PT_FSRELPATH -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                byte[] z = new byte[b.length + 1];
                System.arraycopy(b, 0, z, 0, b.length);
                return z;
            }
            case String s when t == ParamType.PT_BYTEBUF || t == ParamType.PT_CHARBUFARRAY -> {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            case Ipv6Address a when t == ParamType.PT_IPV6ADDR -> {
                return a.bytes();
            }
            default -> throw new IllegalArgumentException("parameter " + i + " (" + info.param(i).name() + ") of "
                    + info.ppme() + " is " + t + ": cannot encode a " + v.getClass().getSimpleName()
                    + " (pass byte[] for composite types, see the EventEncoder helpers)");
        }
    }

    private static boolean isInteger(ParamType t) {
        return t.wireSize() > 0 && t != ParamType.PT_IPV4ADDR && t != ParamType.PT_IPV6ADDR
                && t != ParamType.PT_IPV6NET && t != ParamType.PT_IPV4NET && t != ParamType.PT_DOUBLE;
    }

    private static byte[] le(long v, int width) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** PT_SOCKADDR for AF_INET: family, 4 address bytes (network order int), port. */
    public static byte[] sockaddrInet(int ip, int port) {
        return ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN).put((byte) PPM_AF_INET)
                .order(ByteOrder.BIG_ENDIAN).putInt(ip).order(ByteOrder.LITTLE_ENDIAN).putShort((short) port).array();
    }

    /** PT_SOCKADDR for AF_INET6: family, 16 address bytes, port. */
    public static byte[] sockaddrInet6(Ipv6Address ip, int port) {
        return ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).put((byte) PPM_AF_INET6).put(ip.bytes())
                .putShort((short) port).array();
    }

    /** PT_SOCKADDR for AF_UNIX: family and the NUL-terminated path. */
    public static byte[] sockaddrUnix(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + p.length).put((byte) PPM_AF_UNIX).put(p).put((byte) 0).array();
    }

    /** PT_SOCKTUPLE for AF_INET: family, sip, sport, dip, dport (IPs as network-order ints). */
    public static byte[] socktupleInet(int sip, int sport, int dip, int dport) {
        return ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).put((byte) PPM_AF_INET)
                .order(ByteOrder.BIG_ENDIAN).putInt(sip).order(ByteOrder.LITTLE_ENDIAN).putShort((short) sport)
                .order(ByteOrder.BIG_ENDIAN).putInt(dip).order(ByteOrder.LITTLE_ENDIAN).putShort((short) dport)
                .array();
    }

    /** PT_SOCKTUPLE for AF_INET6: family, sip, sport, dip, dport. */
    public static byte[] socktupleInet6(Ipv6Address sip, int sport, Ipv6Address dip, int dport) {
        return ByteBuffer.allocate(37).order(ByteOrder.LITTLE_ENDIAN).put((byte) PPM_AF_INET6).put(sip.bytes())
                .putShort((short) sport).put(dip.bytes()).putShort((short) dport).array();
    }

    /** PT_SOCKTUPLE for AF_UNIX: family, source and destination kernel pointers, NUL-terminated path. */
    public static byte[] socktupleUnix(long source, long dest, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(18 + p.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) PPM_AF_UNIX)
                .putLong(source).putLong(dest).put(p).put((byte) 0).array();
    }

    /** PT_FDLIST: a u16 count, then per entry the fd (u64) and its poll flags (u16). */
    public static byte[] fdList(long[] fds, int[] flags) {
        if (fds.length != flags.length) {
            throw new IllegalArgumentException("fds and flags differ in length");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + 10 * fds.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) fds.length);
        for (int i = 0; i < fds.length; i++) {
            b.putLong(fds[i]).putShort((short) flags[i]);
        }
        return b.array();
    }

    /** PT_DYN: the index byte selecting the dynamic-table entry, then the value already encoded. */
    public static byte[] dynamic(int index, byte[] value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(1 + value.length);
        o.write(index);
        o.writeBytes(value);
        return o.toByteArray();
    }
}
