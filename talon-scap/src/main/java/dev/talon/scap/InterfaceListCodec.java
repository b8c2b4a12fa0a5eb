package dev.talon.scap;

/** Entries of the IL (v1) and IL_V2 interface list blocks (spec section 8). Encodes IL_V2 entries. */
final class InterfaceListCodec {
    static final int IPV4 = 1;
    static final int IPV6 = 2;
    static final int IPV4_NOLINKSPEED = 3;
    static final int IPV6_NOLINKSPEED = 4;
    static final int MAX_NAME = 1023;

    private InterfaceListCodec() {}

    /** Reads one entry; in IL_V2 it starts with a length that does not count itself. */
    static InterfaceEntry read(BlockCursor c, boolean v2) throws ScapFormatException {
        long entryLen = v2 ? Integer.toUnsignedLong(c.u32("interface entry length")) : 0;
        long start = c.position();
        int type = c.u16("interface type");
        int nameLen = c.u16("interface name length");
        if (nameLen > MAX_NAME) {
            throw c.errorAt(start + 2, "interface name length " + nameLen + " exceeds the maximum of " + MAX_NAME);
        }
        InterfaceEntry e = switch (type) {
            case IPV4, IPV4_NOLINKSPEED -> {
                int addr = c.ipv4("addr");
                int netmask = c.ipv4("netmask");
                int bcast = c.ipv4("bcast");
                long speed = type == IPV4 ? c.u64("linkspeed") : 0;
                yield new InterfaceEntry.Ipv4(c.string(nameLen, "interface name"), addr, netmask, bcast, speed);
            }
            case IPV6, IPV6_NOLINKSPEED -> {
                Ipv6Address addr = c.ipv6("addr");
                Ipv6Address netmask = c.ipv6("netmask");
                Ipv6Address bcast = c.ipv6("bcast");
                long speed = type == IPV6 ? c.u64("linkspeed") : 0;
                yield new InterfaceEntry.Ipv6(c.string(nameLen, "interface name"), addr, netmask, bcast, speed);
            }
            default -> throw c.errorAt(start, "unknown interface type " + type);
        };
        if (v2) {
            long consumed = c.position() - start;
            if (consumed > entryLen) {
                throw c.errorAt(start - 4, "interface entry length " + entryLen + " is shorter than its fields ("
                        + consumed + " bytes)");
            }
            c.skip(entryLen - consumed);
        }
        return e;
    }

    /** Appends {@code e} as an IL_V2 entry (types 1 and 2, with link speed). */
    static void write(ByteSink out, InterfaceEntry e) {
        int lenAt = out.size();
        out.u32(0);
        byte[] name = ByteSink.bytesOf(e.name());
        int nameLen = Math.min(name.length, MAX_NAME);
        switch (e) {
            case InterfaceEntry.Ipv4 v4 -> out.u16(IPV4).u16(nameLen).ipv4(v4.addr()).ipv4(v4.netmask())
                    .ipv4(v4.bcast()).u64(v4.linkSpeed());
            case InterfaceEntry.Ipv6 v6 -> out.u16(IPV6).u16(nameLen).ipv6(v6.addr()).ipv6(v6.netmask())
                    .ipv6(v6.bcast()).u64(v6.linkSpeed());
        }
        out.bytes(name, 0, nameLen);
        out.putU32(lenAt, out.size() - lenAt - 4);
    }
}
