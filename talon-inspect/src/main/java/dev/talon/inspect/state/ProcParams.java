package dev.talon.inspect.state;

import dev.talon.event.EventSchema;

/**
 * Per event type, the indexes of the process parameters of clone/fork/vfork/clone3/execve/execveat exits
 * (their layouts differ between driver versions), resolved once from the schema so parsing does no name
 * lookups per event.
 */
final class ProcParams {
    static final int ARGS = 0, CGROUPS = 1, ENV = 2, TTY = 3, VPGID = 4, PGID = 5, LOGINUID = 6, CAP_I = 7,
            CAP_P = 8, CAP_E = 9, VTID = 10, VPID = 11, VM_SIZE = 12, VM_RSS = 13, VM_SWAP = 14, PF_MAJ = 15,
            PF_MIN = 16, EXE_INO = 17, EXE_CTIME = 18, EXE_MTIME = 19, FLAGS = 20, TRUSTED_EXEPATH = 21,
            FDLIMIT = 22, PIDNS_TS = 23, GID = 24, N = 25;
    private static final String[] NAMES = {"args", "cgroups", "env", "tty", "vpgid", "pgid", "loginuid",
        "cap_inheritable", "cap_permitted", "cap_effective", "vtid", "vpid", "vm_size", "vm_rss", "vm_swap",
        "pgft_maj", "pgft_min", "exe_ino", "exe_ino_ctime", "exe_ino_mtime", "flags", "trusted_exepath",
        "fdlimit", "pidns_init_start_ts", "gid"};
    private static final int[][] INDEX = new int[EventSchema.typeCount()][];

    static {
        for (int t = 0; t < INDEX.length; t++) {
            int[] idx = new int[N];
            for (int k = 0; k < N; k++) idx[k] = Params.index(t, NAMES[k]);
            INDEX[t] = idx;
        }
    }

    private ProcParams() {}

    static int index(int type, int param) {
        return type >= 0 && type < INDEX.length ? INDEX[type][param] : -1;
    }
}
