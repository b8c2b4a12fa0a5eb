package dev.talon.inspect.state;

import dev.talon.event.EventView;

/** Thread lifecycle: clone/fork/vfork/clone3 exits (both sides), execve exits, procexit, cwd changes, users. */
final class ProcessParser {
    private static final long CLONE_FILES = 1, CLONE_THREAD = 0x2000;
    private final StateTracker state;

    ProcessParser(StateTracker state) {
        this.state = state;
    }

    /** Returns the thread the event belongs to after parsing (the child, for the child's own exit). */
    ThreadInfo cloneExit(EventView e, ThreadInfo t) {
        int type = e.type();
        long res = Params.asLong(e, 0, -1);
        if (res < 0) return t;
        long flags = Params.asLong(e, Params.index(type, Params.FLAGS), 0);
        String comm = Params.string(e, Params.index(type, Params.COMM));
        String exe = Params.string(e, Params.index(type, Params.EXE));
        String cwd = Params.string(e, Params.index(type, Params.CWD));
        if (cwd != null && cwd.isEmpty()) cwd = null; // drivers often leave it empty: keep the inherited one
        long uid = Params.asLong(e, Params.index(type, Params.UID), -1);
        long gid = Params.asLong(e, Params.index(type, Params.GID), -1);
        long ptid = Params.asLong(e, Params.index(type, Params.PTID), -1);
        long pid = Params.asLong(e, Params.index(type, Params.PID), -1);
        ThreadTable threads = state.threads();
        if (res == 0) {
            // child side: the params describe the child itself
            // created a moment ago by the parent's clone exit: complete; otherwise the tid is new or reused
            // (a stale entry from an earlier process), and the child's own params replace it
            boolean thread = (flags & CLONE_THREAD) != 0;
            if (t.fromParentClone) {
                t.fromParentClone = false;
                // only the child knows its ids inside a new pid namespace (CLONE_NEWPID: the parent's exit
                // told the host ids; mpm-event_full #531 is vpid 1 in its container)
                t.vtid = Params.asLong(e, ProcParams.index(type, ProcParams.VTID), t.vtid);
                t.vpid = Params.asLong(e, ProcParams.index(type, ProcParams.VPID), t.vpid);
                return t;
            }
            // the caller of clone(): the main thread for a new thread, the parent process otherwise. When the
            // capture never mentioned it, libsinsp creates it from what the child tells (same comm/exe)
            long callerTid = thread ? pid : ptid;
            ThreadInfo parent = threads.get(callerTid);
            boolean unknownParent = false;
            if ((parent == null || parent.comm == null) && callerTid > 0 && callerTid != t.tid) {
                parent = parent == null ? threads.create(callerTid) : parent;
                if (parent != null) {
                    // the child's credentials are not the parent's: they stay unknown (objectstore_download
                    // #1727: the process made from #945's thread has uid -1 at its execve)
                    fill(parent, comm, exe, cwd, -1, -1);
                    parent.pid = thread ? pid : ptid;
                }
                unknownParent = true;
            }
            fill(t, comm, exe, cwd, uid, gid);
            if (pid >= 0) t.pid = pid;
            // as on the parent's side, a new thread's parent is the thread that made it: its process's main
            // thread is the best the child's params tell (mpm-event_full #882: pname is runc:[1:CHILD])
            t.ptid = thread && pid > 0 ? pid : ptid;
            t.cloneTs = e.ts();
            if (parent != null) inherit(t, parent);
            // a child whose parent the capture never showed starts with loginuid 0 in libsinsp, not the
            // parent's -1 (mpm-event_full #505: runc's children; objectstore_download #945, while a later
            // thread of the then known process inherits its -1)
            if (unknownParent) t.loginuid = 0;
            extras(e, t, parent != null ? parent : t, true);
            if (parent != null && cwd == null) t.cwd = parent.cwd;
            if (parent != null) {
                t.fds = (flags & CLONE_FILES) != 0 ? parent.fds : parent.fds.copy();
            }
            return t;
        }
        // parent side: the params describe the parent; create the child from them
        if (t.comm == null) {
            fill(t, comm, exe, cwd, uid, gid);
            if (pid >= 0) t.pid = pid;
            t.ptid = ptid;
        }
        // a parent inside a pid namespace reports the child's namespace-local id, which is not a tid we can
        // use; libsinsp then waits for the child's own clone exit
        long vtid = Params.asLong(e, Params.index(type, Params.VTID), -1);
        long tid = Params.asLong(e, Params.index(type, Params.TID), -1);
        if (vtid >= 0 && tid >= 0 && vtid != tid) return t;
        ThreadInfo child = threads.get(res);
        if (child != null && child.comm != null && !child.exited && child.fromParentClone) return t;
        child = threads.create(res); // replaces a stale entry of a reused tid
        if (child == null) return t;
        child.fromParentClone = true;
        fill(child, comm, exe, cwd, uid, gid);
        if (cwd == null) child.cwd = t.cwd;
        boolean thread = (flags & CLONE_THREAD) != 0;
        child.pid = thread ? t.pid : res;
        // libsinsp: a thread's parent is the thread that created it (proc.pname of a thread is its own
        // process's name); proc.ppid reads the main thread's ptid
        child.ptid = thread ? t.tid : t.pid;
        child.fdlimit = t.fdlimit;
        child.cloneTs = e.ts();
        inherit(child, t);
        extras(e, child, t, true);
        // the params are the parent's; outside a pid namespace (checked above) the child's virtual ids are
        // its real ones
        child.vtid = res;
        child.vpid = child.pid;
        child.fds = (flags & CLONE_FILES) != 0 ? t.fds : t.fds.copy();
        return t;
    }

    private static void fill(ThreadInfo t, String comm, String exe, String cwd, long uid, long gid) {
        if (comm != null) t.comm = comm;
        if (exe != null) t.exe = exe;
        if (cwd != null) t.cwd = ThreadInfo.dirForm(cwd);
        if (uid != -1) t.uid = uid;
        if (gid != -1) t.gid = gid;
    }

    void execveExit(EventView e, ThreadInfo t) {
        int type = e.type();
        long res = Params.asLong(e, 0, -1);
        if (res < 0) return;
        String comm = Params.string(e, Params.index(type, Params.COMM));
        String exe = Params.string(e, Params.index(type, Params.EXE));
        // the cwd param of an execve exit is not taken: sysdig 0.29.3 keeps the cwd the thread had (empty for a
        // thread first seen at its execve: falco__cat_write #131 'cwd=/mnt/...' leaves proc.cwd empty)
        if (comm != null) t.comm = comm;
        if (exe != null) t.exe = exe;
        // the program's path as libsinsp derives it: the 'filename' of the exit (exit-only drivers) or of the
        // matching enter, resolved against the cwd (alpine #5242: busybox's touch is /bin/touch, not /bin/busybox)
        String filename = Params.string(e, Params.index(type, Params.FILENAME));
        if (filename == null || filename.isEmpty()) filename = t.execFilename;
        if (filename != null && !filename.isEmpty()) t.exepath = Paths.resolve(state.threads().cwdOf(t), filename);
        t.execFilename = null;
        long pid = Params.asLong(e, Params.index(type, Params.PID), -1);
        // a parent already known stays the one its clone or /proc told: sysdig 0.29.3 takes an execve's ptid
        // only when it had none (mpm-event_full #3602 says ptid=10281 and keeps ppid 10309; falco__cat_write
        // #131 and objectstore_download #1727 take it)
        long ptid = Params.asLong(e, Params.index(type, Params.PTID), -1);
        if (pid > 0) t.pid = pid;
        if (ptid >= 0 && t.ptid < 0) t.ptid = ptid;
        long uid = Params.asLong(e, Params.index(type, Params.UID), -1);
        if (uid != -1 && Params.index(type, Params.UID) < e.paramCount()) t.uid = uid;
        extras(e, t, t, false);
    }

    /** What a new thread takes from the thread that created it until its own events tell otherwise. */
    private static void inherit(ThreadInfo child, ThreadInfo parent) {
        child.env = parent.env;
        child.loginuid = parent.loginuid;
        child.tty = parent.tty;
        child.sid = parent.sid;
        child.vpgid = parent.vpgid;
        child.pgid = parent.pgid;
        child.exepath = parent.exepath;
        child.capInheritable = parent.capInheritable;
        child.capPermitted = parent.capPermitted;
        child.capEffective = parent.capEffective;
        child.capsKnown = parent.capsKnown;
        child.exeWritable = parent.exeWritable;
        child.exeUpperLayer = parent.exeUpperLayer;
        child.exeLowerLayer = parent.exeLowerLayer;
        child.exeFromMemfd = parent.exeFromMemfd;
        child.exeIno = parent.exeIno;
        child.exeInoCtime = parent.exeInoCtime;
        child.exeInoMtime = parent.exeInoMtime;
        if (child.cgroups.length == 0) {
            child.cgroups = parent.cgroups;
            child.containerId = parent.containerId;
            child.containerType = parent.containerType;
            child.containerFullId = parent.containerFullId;
        }
    }

    /**
     * Parameters beyond identity that clone and execve exits carry (which ones depends on the driver).
     * {@code like} is the thread whose args, cgroups and env the event most likely repeats (a clone's
     * parent, an execve's own thread): equal lists keep that thread's arrays instead of new copies.
     */
    private static void extras(EventView e, ThreadInfo t, ThreadInfo like, boolean clone) {
        int type = e.type();
        int i = ProcParams.index(type, ProcParams.ARGS);
        if (Params.has(e, i)) t.args = Params.strings(e, i, like.args);
        i = ProcParams.index(type, ProcParams.CGROUPS);
        if (Params.has(e, i)) setCgroups(t, Params.strings(e, i, like.cgroups));
        i = ProcParams.index(type, ProcParams.ENV);
        if (Params.has(e, i)) t.env = Params.strings(e, i, like.env);
        t.tty = Params.asLong(e, ProcParams.index(type, ProcParams.TTY), t.tty);
        t.vpgid = Params.asLong(e, ProcParams.index(type, ProcParams.VPGID), t.vpgid);
        t.pgid = Params.asLong(e, ProcParams.index(type, ProcParams.PGID), t.pgid);
        i = ProcParams.index(type, ProcParams.LOGINUID);
        if (Params.has(e, i)) t.loginuid = e.paramLength(i) == 4 ? Integer.toUnsignedLong((int) e.paramAsLong(i)) : e.paramAsLong(i);
        if (t.loginuid == 0xFFFFFFFFL) t.loginuid = -1;
        i = ProcParams.index(type, ProcParams.CAP_E);
        if (Params.has(e, i)) {
            t.capsKnown = true;
            t.capEffective = e.paramAsLong(i);
            t.capPermitted = Params.asLong(e, ProcParams.index(type, ProcParams.CAP_P), t.capPermitted);
            t.capInheritable = Params.asLong(e, ProcParams.index(type, ProcParams.CAP_I), t.capInheritable);
        }
        t.vtid = Params.asLong(e, ProcParams.index(type, ProcParams.VTID), t.vtid);
        t.vpid = Params.asLong(e, ProcParams.index(type, ProcParams.VPID), t.vpid);
        t.vmSizeKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_SIZE), t.vmSizeKb);
        t.vmRssKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_RSS), t.vmRssKb);
        t.vmSwapKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_SWAP), t.vmSwapKb);
        t.pfMajor = Params.asLong(e, ProcParams.index(type, ProcParams.PF_MAJ), t.pfMajor);
        t.pfMinor = Params.asLong(e, ProcParams.index(type, ProcParams.PF_MIN), t.pfMinor);
        t.fdlimit = Params.asLong(e, ProcParams.index(type, ProcParams.FDLIMIT), t.fdlimit);
        t.pidnsInitStartTs = Params.asLong(e, ProcParams.index(type, ProcParams.PIDNS_TS), t.pidnsInitStartTs);
        if (!clone) {
            t.exeIno = Params.asLong(e, ProcParams.index(type, ProcParams.EXE_INO), 0);
            t.exeInoCtime = Params.asLong(e, ProcParams.index(type, ProcParams.EXE_CTIME), 0);
            t.exeInoMtime = Params.asLong(e, ProcParams.index(type, ProcParams.EXE_MTIME), 0);
            i = ProcParams.index(type, ProcParams.FLAGS);
            long f = Params.asLong(e, i, 0);
            // PPM_EXE_WRITABLE, PPM_EXE_UPPER_LAYER, PPM_EXE_FROM_MEMFD, PPM_EXE_LOWER_LAYER
            t.exeWritable = (f & 1) != 0;
            t.exeUpperLayer = (f & 2) != 0;
            t.exeFromMemfd = (f & 4) != 0;
            t.exeLowerLayer = (f & 8) != 0;
            long gid = Params.asLong(e, ProcParams.index(type, ProcParams.GID), -1);
            if (gid != -1) t.gid = gid;
            String trusted = Params.string(e, ProcParams.index(type, ProcParams.TRUSTED_EXEPATH));
            // newer drivers send the path the kernel resolved: it wins over the filename-derived one
            if (trusted != null && !trusted.isEmpty()) t.exepath = trusted;
        }
    }

    static void setCgroups(ThreadInfo t, String[] cgroups) {
        t.cgroups = cgroups;
        String[] c = ContainerIds.find(cgroups);
        t.containerId = c == null ? "host" : c[0].substring(0, 12);
        t.containerType = c == null ? null : c[1];
        t.containerFullId = c == null ? "host" : c[0];
    }

    void procexit(ThreadInfo t) {
        t.exited = true;
        // removed when the next event arrives, so the procexit event itself still shows the process
        state.scheduleRemoval(t.tid);
    }

    /**
     * A context switch reports the page faults of the thread switched out and the memory of its process: like
     * libsinsp, the faults go to the thread, the memory to the process's main thread (mpm-event_cold_start
     * #593: thread 10400 keeps vm_rss 3924 after a switch reporting 3928).
     */
    void contextSwitch(EventView e, ThreadInfo t) {
        int type = e.type();
        t.pfMajor = Params.asLong(e, ProcParams.index(type, ProcParams.PF_MAJ), t.pfMajor);
        t.pfMinor = Params.asLong(e, ProcParams.index(type, ProcParams.PF_MIN), t.pfMinor);
        ThreadInfo m = state.threads().mainThread(t);
        if (m == null) return;
        m.vmSizeKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_SIZE), m.vmSizeKb);
        m.vmRssKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_RSS), m.vmRssKb);
        m.vmSwapKb = Params.asLong(e, ProcParams.index(type, ProcParams.VM_SWAP), m.vmSwapKb);
    }

    /** An execve/execveat enter: its filename waits for the exit, which sets the exepath from it. */
    void execveEnter(EventView e, ThreadInfo t) {
        t.execFilename = Params.string(e, Params.index(e.type(), Params.FILENAME));
    }

    void chdirExit(EventView e, ThreadInfo t) {
        if (Params.asLong(e, 0, -1) < 0) return;
        String path = Params.string(e, Params.index(e.type(), Params.PATH));
        if (path != null) state.threads().setCwd(t, Paths.resolve(state.threads().cwdOf(t), path));
    }

    void fchdirExit(EventView e, ThreadInfo t) {
        if (Params.asLong(e, 0, -1) < 0) return;
        FdInfo f = t.fds.get(t.lastEnterFd);
        if (f != null) state.threads().setCwd(t, f.name);
    }

    /**
     * A successful set*uid/set*gid changes the thread's effective id: the exit's param on exit-only captures,
     * otherwise the matching enter's; -1 leaves it (sf-collector__setuid #916 runs as uid 500 after setuid).
     */
    void credentialExit(EventView e, ThreadInfo t, boolean user) {
        if (Params.asLong(e, 0, -1) != 0) return;
        int type = e.type();
        int i = Params.index(type, StateTracker.Kinds.CREDENTIAL_PARAM.get(e.info().name()));
        long id;
        if (Params.has(e, i)) id = e.paramAsLong(i);
        else if (t.lastEnterType == type - 1) id = t.lastEnterArg1;
        else return;
        id &= 0xFFFFFFFFL;
        if (id == 0xFFFFFFFFL) return;
        if (user) t.uid = id;
        else t.gid = id;
    }

    /** setsid returns the new session id (as the caller's pid namespace numbers it). */
    void setsidExit(EventView e, ThreadInfo t) {
        long res = Params.asLong(e, 0, -1);
        if (res >= 0) t.sid = res;
    }

    /** getcwd tells the cwd outright (libsinsp takes it from a successful exit). */
    void getcwdExit(EventView e, ThreadInfo t) {
        if (Params.asLong(e, 0, -1) < 0) return;
        String path = Params.string(e, Params.index(e.type(), Params.PATH));
        if (path != null && !path.isEmpty()) state.threads().setCwd(t, path);
    }

    void userAdded(EventView e) {
        long uid = Params.asLong(e, Params.index(e.type(), Params.UID), -1);
        String name = Params.string(e, Params.index(e.type(), Params.NAME));
        if (name != null) state.users().addUser(uid, name);
    }

    void groupAdded(EventView e) {
        long gid = Params.asLong(e, Params.index(e.type(), Params.GID), -1);
        String name = Params.string(e, Params.index(e.type(), Params.NAME));
        if (name != null) state.users().addGroup(gid, name);
    }
}
