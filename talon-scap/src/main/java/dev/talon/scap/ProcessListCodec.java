package dev.talon.scap;

/**
 * Thread entries of the process list blocks PL_V1..PL_V9 (spec section 6). Decoding handles every
 * version; encoding always produces the current PL_V9 entry with the full 76-byte tail.
 */
final class ProcessListCodec {
    /** SCAP_MAX_PATH_SIZE: cap of comm, exe, exepath, cwd and root. */
    static final int MAX_PATH = 1024;
    /** SCAP_MAX_ARGS_SIZE / SCAP_MAX_ENV_SIZE / SCAP_MAX_CGROUPS_SIZE. */
    static final int MAX_LIST = 4096;
    /** loginuid + exe_writable + three capability sets: the whole tail written before libs 0.10. */
    private static final int PRE_0_10_TAIL = 29;

    private ProcessListCodec() {}

    /** Reads one entry of a PL block of the given version (1..9). */
    static ThreadEntry read(BlockCursor c, int version) throws ScapFormatException {
        long start = c.position();
        long entryLen = version == 9 ? Integer.toUnsignedLong(c.u32("entry length")) : 0;
        ThreadEntry.Builder b = ThreadEntry.builder();
        b.tid(c.u64("tid")).pid(c.u64("pid")).ptid(c.u64("ptid"));
        if (version >= 6) {
            b.sid(c.u64("sid"));
        }
        if (version >= 8) {
            b.vpgid(c.u64("vpgid"));
        }
        b.comm(c.str16(MAX_PATH, "comm")).exe(c.str16(MAX_PATH, "exe"));
        if (version >= 7) {
            b.exepath(c.str16(MAX_PATH, "exepath"));
        }
        b.args(c.list16(MAX_LIST, "args")).cwd(c.str16(MAX_PATH, "cwd"));
        b.fdlimit(c.u64("fdlimit")).flags(c.u32("flags")).uid(c.u32("uid")).gid(c.u32("gid"));
        if (version >= 2) {
            b.vmsizeKb(c.u32("vmsize_kb")).vmrssKb(c.u32("vmrss_kb")).vmswapKb(c.u32("vmswap_kb"));
            b.pfMajor(c.u64("pfmajor")).pfMinor(c.u64("pfminor"));
        }
        if (version >= 3) {
            b.env(c.list16(MAX_LIST, "env"));
        }
        if (version >= 4) {
            b.vtid(c.u64("vtid")).vpid(c.u64("vpid")).cgroups(c.list16(MAX_LIST, "cgroups"));
        }
        if (version >= 5) {
            b.root(c.str16(MAX_PATH, "root"));
        }
        if (version == 9 && entryLen != 0) {
            readTail(c, b, start, entryLen);
        }
        return b.build();
    }

    /** The optional V9 fields: each read only if it fits inside the entry, the rest skipped. */
    private static void readTail(BlockCursor c, ThreadEntry.Builder b, long start, long entryLen)
            throws ScapFormatException {
        long consumed = c.position() - start;
        if (consumed > entryLen) {
            throw c.errorAt(start, "thread entry length " + entryLen + " is shorter than its fixed fields ("
                    + consumed + " bytes)");
        }
        Tail t = new Tail(c, start + entryLen);
        // libs 0.10 inserted pidns_init_start_ts and tty before loginuid; a tail no longer than the
        // pre-0.10 one cannot contain them.
        if (entryLen - consumed > PRE_0_10_TAIL) {
            if (t.fits(8)) b.pidnsInitStartTs(c.u64("pidns_init_start_ts"));
            if (t.fits(4)) b.tty(c.u32("tty"));
        }
        if (t.fits(4)) b.loginuid(c.u32("loginuid"));
        if (t.fits(1)) b.exeWritable(c.u8("exe_writable") != 0);
        if (t.fits(8)) b.capInheritable(c.u64("cap_inheritable"));
        if (t.fits(8)) b.capPermitted(c.u64("cap_permitted"));
        if (t.fits(8)) b.capEffective(c.u64("cap_effective"));
        if (t.fits(1)) b.exeUpperLayer(c.u8("exe_upper_layer") != 0);
        if (t.fits(8)) b.exeIno(c.u64("exe_ino"));
        if (t.fits(8)) b.exeInoCtime(c.u64("exe_ino_ctime"));
        if (t.fits(8)) b.exeInoMtime(c.u64("exe_ino_mtime"));
        if (t.fits(1)) b.exeFromMemfd(c.u8("exe_from_memfd") != 0);
        if (t.fits(1)) b.exeLowerLayer(c.u8("exe_lower_layer") != 0);
        if (t.fits(8)) b.pgid(c.u64("pgid"));
        c.skip(start + entryLen - c.position());
    }

    private record Tail(BlockCursor c, long entryEnd) {
        boolean fits(int size) {
            return c.position() + size <= entryEnd;
        }
    }

    /** Appends {@code t} as a PL_V9 entry. */
    static void write(ByteSink out, ThreadEntry t) {
        int start = out.size();
        out.u32(0);
        out.u64(t.tid()).u64(t.pid()).u64(t.ptid()).u64(t.sid()).u64(t.vpgid());
        out.str16(t.comm(), MAX_PATH).str16(t.exe(), MAX_PATH).str16(t.exepath(), MAX_PATH);
        out.list16(t.args(), MAX_LIST).str16(t.cwd(), MAX_PATH);
        out.u64(t.fdlimit()).u32(t.flags()).u32(t.uid()).u32(t.gid());
        out.u32(t.vmsizeKb()).u32(t.vmrssKb()).u32(t.vmswapKb()).u64(t.pfMajor()).u64(t.pfMinor());
        out.list16(t.env(), MAX_LIST).u64(t.vtid()).u64(t.vpid()).list16(t.cgroups(), MAX_LIST);
        out.str16(t.root(), MAX_PATH);
        out.u64(t.pidnsInitStartTs()).u32(t.tty()).u32(t.loginuid()).u8(t.exeWritable() ? 1 : 0);
        out.u64(t.capInheritable()).u64(t.capPermitted()).u64(t.capEffective());
        out.u8(t.exeUpperLayer() ? 1 : 0).u64(t.exeIno()).u64(t.exeInoCtime()).u64(t.exeInoMtime());
        out.u8(t.exeFromMemfd() ? 1 : 0).u8(t.exeLowerLayer() ? 1 : 0).u64(t.pgid());
        out.putU32(start, out.size() - start);
    }
}
