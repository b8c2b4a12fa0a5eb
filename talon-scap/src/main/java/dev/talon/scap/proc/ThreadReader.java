package dev.talon.scap.proc;

import dev.talon.scap.ThreadEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One thread from /proc/pid/task/tid: ids, credentials, capabilities, memory, faults, cwd, cgroups. */
final class ThreadReader {
    /** Fields of /proc/pid/stat after "(comm) ", zero-based: state, ppid, pgrp, session, tty_nr, ... */
    private static final int STAT_PGRP = 2, STAT_SESSION = 3, STAT_TTY = 4, STAT_MINFLT = 7, STAT_MAJFLT = 9,
            STAT_STARTTIME = 19;

    private ThreadReader() {
    }

    /** The thread, or null when it exited before its stat and status were read. */
    static ThreadEntry read(Path task, long tid, long pid, ProcessCommon common, int flags) {
        String[] stat = statFields(ProcFiles.text(task.resolve("stat")));
        String status = ProcFiles.text(task.resolve("status"));
        if (stat == null || status == null || stat.length <= STAT_STARTTIME) {
            return null;
        }
        String comm = ProcFiles.line(task.resolve("comm"), "");
        String[] uids = ProcFiles.words(ProcFiles.field(status, "Uid:"));
        String[] gids = ProcFiles.words(ProcFiles.field(status, "Gid:"));
        // the effective ids, as libscap takes them
        int uid = uids.length > 1 ? (int) ProcFiles.parseLong(uids[1], 0) : 0;
        int gid = gids.length > 1 ? (int) ProcFiles.parseLong(gids[1], 0) : 0;
        String[] nspid = ProcFiles.words(ProcFiles.field(status, "NSpid:"));
        String[] nstgid = ProcFiles.words(ProcFiles.field(status, "NStgid:"));
        String[] nspgid = ProcFiles.words(ProcFiles.field(status, "NSpgid:"));
        long pgrp = ProcFiles.parseLong(stat[STAT_PGRP], -1);
        List<String> cmdline = common.cmdline();
        String exe = cmdline.isEmpty() ? comm : cmdline.getFirst();
        List<String> args = cmdline.size() > 1 ? cmdline.subList(1, cmdline.size()) : List.of();
        return ThreadEntry.builder()
                .tid(tid).pid(pid)
                .ptid(ProcFiles.parseLong(ProcFiles.field(status, "PPid:"), 0))
                .sid(ProcFiles.parseLong(stat[STAT_SESSION], -1))
                .vpgid(nspgid.length > 0 ? ProcFiles.parseLong(nspgid[nspgid.length - 1], pgrp) : pgrp)
                .pgid(nspgid.length > 0 ? ProcFiles.parseLong(nspgid[0], pgrp) : pgrp)
                .comm(comm).exe(exe).exepath(common.exepath()).args(args)
                .cwd(ProcFiles.link(task.resolve("cwd"), ""))
                .fdlimit(common.fdlimit()).flags(flags).uid(uid).gid(gid)
                .vmsizeKb(ProcFiles.kb(status, "VmSize:"))
                .vmrssKb(ProcFiles.kb(status, "VmRSS:"))
                .vmswapKb(ProcFiles.kb(status, "VmSwap:"))
                .pfMinor(ProcFiles.parseLong(stat[STAT_MINFLT], 0))
                .pfMajor(ProcFiles.parseLong(stat[STAT_MAJFLT], 0))
                .env(common.env())
                .vtid(nspid.length > 0 ? ProcFiles.parseLong(nspid[nspid.length - 1], tid) : tid)
                .vpid(nstgid.length > 0 ? ProcFiles.parseLong(nstgid[nstgid.length - 1], pid) : pid)
                .cgroups(cgroups(ProcFiles.text(task.resolve("cgroup"))))
                .root(common.root())
                .tty((int) ProcFiles.parseLong(stat[STAT_TTY], 0))
                .loginuid(common.loginuid())
                .exeWritable(common.exeWritableBy(uid, gid))
                .capInheritable(ProcFiles.hex(ProcFiles.field(status, "CapInh:"), 0))
                .capPermitted(ProcFiles.hex(ProcFiles.field(status, "CapPrm:"), 0))
                .capEffective(ProcFiles.hex(ProcFiles.field(status, "CapEff:"), 0))
                .exeIno(common.exeIno()).exeInoCtime(common.exeCtime()).exeInoMtime(common.exeMtime())
                .exeFromMemfd(common.exepath().startsWith("/memfd:"))
                .build();
    }

    /** Start time in clock ticks after boot, 0 if unreadable. */
    static long startTicks(Path task) {
        String[] stat = statFields(ProcFiles.text(task.resolve("stat")));
        return stat == null || stat.length <= STAT_STARTTIME ? 0 : ProcFiles.parseLong(stat[STAT_STARTTIME], 0);
    }

    /** The fields after the parenthesised comm (which may itself hold spaces and parentheses). */
    static String[] statFields(String stat) {
        if (stat == null) {
            return null;
        }
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return null;
        }
        return ProcFiles.words(stat.substring(close + 2));
    }

    /**
     * /proc/pid/cgroup as {@code subsystem=path}: a v1 line {@code 4:cpu,cpuacct:/x} gives one entry per
     * controller; the v2 line {@code 0::/x} gives one per controller enabled at the v2 root, if any.
     */
    static List<String> cgroups(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            String controllers = line.substring(a + 1, b);
            String path = line.substring(b + 1);
            if (controllers.isEmpty()) {
                for (String c : V2Controllers.get()) {
                    out.add(c + "=" + path);
                }
            } else {
                for (String c : controllers.split(",")) {
                    out.add(c + "=" + path);
                }
            }
        }
        return out;
    }

    /** The controllers of the cgroup v2 hierarchy (empty on v1-only hosts), read once. */
    private static final class V2Controllers {
        private static final List<String> LIST = List.of(ProcFiles.words(
                ProcFiles.line(Path.of("/sys/fs/cgroup/cgroup.controllers"), "")));

        static List<String> get() {
            return LIST;
        }
    }
}
