package dev.talon.scap.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What all threads of a process share: command line, environment, executable, root, fd limit, loginuid. */
record ProcessCommon(List<String> cmdline, List<String> env, String exepath, String root, long fdlimit,
        int loginuid, long exeIno, long exeCtime, long exeMtime, int exeMode, int exeUid, int exeGid) {

    /** Reads /proc/pid; null when the process is gone (its stat cannot be read). */
    static ProcessCommon read(Path dir) {
        if (ProcFiles.text(dir.resolve("stat")) == null) {
            return null;
        }
        List<String> cmdline = ProcFiles.nulList(dir.resolve("cmdline"));
        List<String> env = ProcFiles.nulList(dir.resolve("environ"));
        String exepath = ProcFiles.link(dir.resolve("exe"), "");
        String root = ProcFiles.link(dir.resolve("root"), "/");
        long loginuid = ProcFiles.parseLong(ProcFiles.line(dir.resolve("loginuid"), "4294967295"), 4294967295L);
        long ino = 0;
        long ctime = 0;
        long mtime = 0;
        int mode = 0;
        int uid = 0;
        int gid = 0;
        if (!exepath.isEmpty()) {
            try {
                Map<String, Object> a = Files.readAttributes(dir.resolve("exe"), "unix:ino,ctime,lastModifiedTime,mode,uid,gid");
                ino = (Long) a.get("ino");
                ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
                mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
                mode = (Integer) a.get("mode");
                uid = (Integer) a.get("uid");
                gid = (Integer) a.get("gid");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // the executable is gone or unreadable: its identity stays unknown (0)
            }
        }
        return new ProcessCommon(cmdline, env, exepath, root, fdlimit(dir), (int) loginuid, ino, ctime, mtime,
                mode, uid, gid);
    }

    /** The soft "Max open files" limit; "unlimited" reads as 0 like libscap's strtoull. */
    private static long fdlimit(Path dir) {
        String limits = ProcFiles.text(dir.resolve("limits"));
        if (limits == null) {
            return 0;
        }
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] w = ProcFiles.words(line.substring("Max open files".length()));
                return w.length == 0 ? 0 : ProcFiles.parseLong(w[0], 0);
            }
        }
        return 0;
    }

    /** Whether a process with these credentials may write its executable (permission bits only). */
    boolean exeWritableBy(int uid, int gid) {
        if (exeIno == 0) {
            return false;
        }
        if (uid == 0) {
            return true;
        }
        if (uid == exeUid) {
            return (exeMode & 0200) != 0;
        }
        if (gid == exeGid) {
            return (exeMode & 0020) != 0;
        }
        return (exeMode & 0002) != 0;
    }
}
