package dev.talon.scap;

/**
 * Fd entries of the FDL (v1) and FDL_V2 blocks (spec section 7). Encoding produces FDL_V2 entries.
 */
final class FdListCodec {
    /** Names are read into a SCAP_MAX_PATH_SIZE buffer that also holds the NUL. */
    static final int MAX_NAME = 1023;

    private FdListCodec() {}

    /** Reads one entry; {@code v2} selects the FDL_V2 layout (a leading entry length that counts itself). */
    static FdEntry read(BlockCursor c, boolean v2) throws ScapFormatException {
        long start = c.position();
        long entryLen = v2 ? Integer.toUnsignedLong(c.u32("fd entry length")) : 0;
        long fd = c.u64("fd");
        long ino = c.u64("ino");
        long typeAt = c.position();
        int code = c.u8("fd type");
        FdType type = FdType.of(code);
        FdEntry e;
        if (type == null) {
            if (!v2 || entryLen == 0) {
                throw c.errorAt(typeAt, "unknown fd type " + code);
            }
            // As libscap does: keep the fd as UNSUPPORTED and skip the payload we cannot interpret.
            e = new FdEntry.Named(fd, ino, FdType.UNSUPPORTED, "unknown-type:[" + code + "]");
            if (start + entryLen < c.position()) {
                throw c.errorAt(start, "fd entry length " + entryLen + " is shorter than its header");
            }
            c.skip(start + entryLen - c.position());
            return e;
        }
        e = switch (type) {
            case UNKNOWN -> new FdEntry.Named(fd, ino, type, "");
            case IPV4_SOCK -> new FdEntry.Ipv4Socket(fd, ino, c.ipv4("sip"), c.ipv4("dip"),
                    c.u16("sport"), c.u16("dport"), c.u8("l4proto"));
            case IPV6_SOCK -> new FdEntry.Ipv6Socket(fd, ino, c.ipv6("sip"), c.ipv6("dip"),
                    c.u16("sport"), c.u16("dport"), c.u8("l4proto"));
            case IPV4_SERVSOCK -> new FdEntry.Ipv4ServerSocket(fd, ino, c.ipv4("ip"), c.u16("port"), c.u8("l4proto"));
            case IPV6_SERVSOCK -> new FdEntry.Ipv6ServerSocket(fd, ino, c.ipv6("ip"), c.u16("port"), c.u8("l4proto"));
            case UNIX_SOCK -> new FdEntry.UnixSocket(fd, ino, c.u64("source"), c.u64("dest"), c.str16(MAX_NAME, "path"));
            case FILE_V2 -> {
                int flags = c.u32("open flags");
                String name = c.str16(MAX_NAME, "name");
                // dev was appended later: present only when the entry is long enough
                int dev = v2 && c.position() + 4 <= start + entryLen ? c.u32("dev") : 0;
                yield new FdEntry.File(fd, ino, flags, name, dev);
            }
            default -> new FdEntry.Named(fd, ino, type, c.str16(MAX_NAME, "name"));
        };
        if (v2 && entryLen != 0) {
            long consumed = c.position() - start;
            if (consumed > entryLen) {
                throw c.errorAt(start, "fd entry length " + entryLen + " is shorter than its fields (" + consumed + " bytes)");
            }
            c.skip(entryLen - consumed);
        }
        return e;
    }

    /**
     * Whether {@code e} may go into a written FDL_V2 block. Only types up to FILE_V2 (16): Debian's sysdig
     * 0.29.3 refuses the whole file on BPF, USERFAULTFD, IOURING, MEMFD and PIDFD entries ("error reading
     * the fd info from file, wrong fd type 17"), found by writing one file per type and reading it back
     * with {@code sysdig -r}; types 0..16 all read back with the right payloads.
     */
    static boolean writable(FdEntry e) {
        return e.type().code() <= FdType.FILE_V2.code();
    }

    /** Appends {@code e} as an FDL_V2 entry. */
    static void write(ByteSink out, FdEntry e) {
        int start = out.size();
        out.u32(0).u64(e.fd()).u64(e.ino()).u8(e.type().code());
        switch (e) {
            case FdEntry.Named n -> {
                if (n.type() != FdType.UNKNOWN) {
                    out.str16(n.name(), MAX_NAME);
                }
            }
            case FdEntry.File f -> out.u32(f.openFlags()).str16(f.name(), MAX_NAME).u32(f.dev());
            case FdEntry.Ipv4Socket s -> out.ipv4(s.sip()).ipv4(s.dip()).u16(s.sport()).u16(s.dport()).u8(s.l4proto());
            case FdEntry.Ipv6Socket s -> out.ipv6(s.sip()).ipv6(s.dip()).u16(s.sport()).u16(s.dport()).u8(s.l4proto());
            case FdEntry.Ipv4ServerSocket s -> out.ipv4(s.ip()).u16(s.port()).u8(s.l4proto());
            case FdEntry.Ipv6ServerSocket s -> out.ipv6(s.ip()).u16(s.port()).u8(s.l4proto());
            case FdEntry.UnixSocket s -> out.u64(s.source()).u64(s.dest()).str16(s.path(), MAX_NAME);
        }
        out.putU32(start, out.size() - start);
    }
}
