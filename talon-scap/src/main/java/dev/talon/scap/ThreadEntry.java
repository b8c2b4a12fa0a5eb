package dev.talon.scap;

import java.util.List;
import java.util.Objects;

/**
 * One thread of the process list (PL_V1..PL_V9 blocks). Fields an older block version does not carry
 * hold the spec's defaults: vtid, vpid, sid, vpgid and pgid -1, loginuid 0xFFFFFFFF, everything else 0
 * or empty. Use {@link #builder()} to create one.
 *
 * @param exe     argv[0]
 * @param exepath full path of the executable (PL_V7+)
 * @param args    argv[1..] (the on-disk NUL-separated list, split)
 * @param env     the environment, {@code NAME=value} strings
 * @param cgroups {@code subsystem=path} strings
 * @param flags   PPM_CL_* clone/thread flags
 * @param tty     the controlling terminal's device number
 */
public record ThreadEntry(
        long tid, long pid, long ptid, long sid, long vpgid,
        String comm, String exe, String exepath, List<String> args, String cwd,
        long fdlimit, int flags, int uid, int gid,
        int vmsizeKb, int vmrssKb, int vmswapKb, long pfMajor, long pfMinor,
        List<String> env, long vtid, long vpid, List<String> cgroups, String root,
        long pidnsInitStartTs, int tty, int loginuid, boolean exeWritable,
        long capInheritable, long capPermitted, long capEffective,
        boolean exeUpperLayer, long exeIno, long exeInoCtime, long exeInoMtime,
        boolean exeFromMemfd, boolean exeLowerLayer, long pgid) {

    public ThreadEntry {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
        Objects.requireNonNull(exepath, "exepath");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(root, "root");
        args = List.copyOf(args);
        env = List.copyOf(env);
        cgroups = List.copyOf(cgroups);
    }

    /** A builder holding the spec's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this entry's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tid = tid; b.pid = pid; b.ptid = ptid; b.sid = sid; b.vpgid = vpgid;
        b.comm = comm; b.exe = exe; b.exepath = exepath; b.args = args; b.cwd = cwd;
        b.fdlimit = fdlimit; b.flags = flags; b.uid = uid; b.gid = gid;
        b.vmsizeKb = vmsizeKb; b.vmrssKb = vmrssKb; b.vmswapKb = vmswapKb; b.pfMajor = pfMajor; b.pfMinor = pfMinor;
        b.env = env; b.vtid = vtid; b.vpid = vpid; b.cgroups = cgroups; b.root = root;
        b.pidnsInitStartTs = pidnsInitStartTs; b.tty = tty; b.loginuid = loginuid; b.exeWritable = exeWritable;
        b.capInheritable = capInheritable; b.capPermitted = capPermitted; b.capEffective = capEffective;
        b.exeUpperLayer = exeUpperLayer; b.exeIno = exeIno; b.exeInoCtime = exeInoCtime; b.exeInoMtime = exeInoMtime;
        b.exeFromMemfd = exeFromMemfd; b.exeLowerLayer = exeLowerLayer; b.pgid = pgid;
        return b;
    }

    /** Mutable builder for {@link ThreadEntry}; starts at the defaults a PL_V1 entry would get. */
    public static final class Builder {
        private long tid, pid, ptid;
        private long sid = -1, vpgid = -1;
        private String comm = "", exe = "", exepath = "", cwd = "", root = "";
        private List<String> args = List.of(), env = List.of(), cgroups = List.of();
        private long fdlimit;
        private int flags, uid, gid;
        private int vmsizeKb, vmrssKb, vmswapKb;
        private long pfMajor, pfMinor;
        private long vtid = -1, vpid = -1;
        private long pidnsInitStartTs;
        private int tty;
        private int loginuid = -1;
        private boolean exeWritable;
        private long capInheritable, capPermitted, capEffective;
        private boolean exeUpperLayer;
        private long exeIno, exeInoCtime, exeInoMtime;
        private boolean exeFromMemfd, exeLowerLayer;
        private long pgid = -1;

        private Builder() {}

        public Builder tid(long v) { tid = v; return this; }
        public Builder pid(long v) { pid = v; return this; }
        public Builder ptid(long v) { ptid = v; return this; }
        public Builder sid(long v) { sid = v; return this; }
        public Builder vpgid(long v) { vpgid = v; return this; }
        public Builder comm(String v) { comm = v; return this; }
        public Builder exe(String v) { exe = v; return this; }
        public Builder exepath(String v) { exepath = v; return this; }
        public Builder args(List<String> v) { args = v; return this; }
        public Builder cwd(String v) { cwd = v; return this; }
        public Builder fdlimit(long v) { fdlimit = v; return this; }
        public Builder flags(int v) { flags = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder gid(int v) { gid = v; return this; }
        public Builder vmsizeKb(int v) { vmsizeKb = v; return this; }
        public Builder vmrssKb(int v) { vmrssKb = v; return this; }
        public Builder vmswapKb(int v) { vmswapKb = v; return this; }
        public Builder pfMajor(long v) { pfMajor = v; return this; }
        public Builder pfMinor(long v) { pfMinor = v; return this; }
        public Builder env(List<String> v) { env = v; return this; }
        public Builder vtid(long v) { vtid = v; return this; }
        public Builder vpid(long v) { vpid = v; return this; }
        public Builder cgroups(List<String> v) { cgroups = v; return this; }
        public Builder root(String v) { root = v; return this; }
        public Builder pidnsInitStartTs(long v) { pidnsInitStartTs = v; return this; }
        public Builder tty(int v) { tty = v; return this; }
        public Builder loginuid(int v) { loginuid = v; return this; }
        public Builder exeWritable(boolean v) { exeWritable = v; return this; }
        public Builder capInheritable(long v) { capInheritable = v; return this; }
        public Builder capPermitted(long v) { capPermitted = v; return this; }
        public Builder capEffective(long v) { capEffective = v; return this; }
        public Builder exeUpperLayer(boolean v) { exeUpperLayer = v; return this; }
        public Builder exeIno(long v) { exeIno = v; return this; }
        public Builder exeInoCtime(long v) { exeInoCtime = v; return this; }
        public Builder exeInoMtime(long v) { exeInoMtime = v; return this; }
        public Builder exeFromMemfd(boolean v) { exeFromMemfd = v; return this; }
        public Builder exeLowerLayer(boolean v) { exeLowerLayer = v; return this; }
        public Builder pgid(long v) { pgid = v; return this; }

        public ThreadEntry build() {
            return new ThreadEntry(tid, pid, ptid, sid, vpgid, comm, exe, exepath, args, cwd,
                    fdlimit, flags, uid, gid, vmsizeKb, vmrssKb, vmswapKb, pfMajor, pfMinor,
                    env, vtid, vpid, cgroups, root, pidnsInitStartTs, tty, loginuid, exeWritable,
                    capInheritable, capPermitted, capEffective, exeUpperLayer, exeIno, exeInoCtime, exeInoMtime,
                    exeFromMemfd, exeLowerLayer, pgid);
        }
    }
}
