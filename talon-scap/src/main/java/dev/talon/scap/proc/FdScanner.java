package dev.talon.scap.proc;

import dev.talon.scap.FdEntry;
import dev.talon.scap.FdType;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process's fd table from {@code /proc/<pid>/fd} (link targets), {@code fdinfo} (open flags) and
 * a stat of each target (type, inode, device), classified like libscap: sockets by inode through the
 * namespace's socket tables, {@code pipe:[n]} as FIFOs, anonymous inodes by their name, memfds by
 * their {@code /memfd:} path, directories and everything else that has a path as files.
 */
final class FdScanner {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFIFO = 0010000;

    /** Anonymous-inode names (after "anon_inode:") and the fd type libsinsp gives them. */
    private static final Map<String, FdType> ANON = Map.ofEntries(
            Map.entry("[eventfd]", FdType.EVENT),
            Map.entry("[signalfd]", FdType.SIGNALFD),
            Map.entry("[eventpoll]", FdType.EVENTPOLL),
            Map.entry("inotify", FdType.INOTIFY),
            Map.entry("[timerfd]", FdType.TIMERFD),
            Map.entry("[userfaultfd]", FdType.USERFAULTFD),
            Map.entry("[io_uring]", FdType.IOURING),
            Map.entry("[pidfd]", FdType.PIDFD));

    private FdScanner() {
    }

    /** The fds of process {@code pid}; an fd closed during the scan is left out. */
    static List<FdEntry> scan(Path procPid, SocketTables sockets) throws IOException {
        List<FdEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(procPid.resolve("fd"))) {
            for (Path link : dir) {
                long fd;
                try {
                    fd = Long.parseLong(link.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                String target = ProcFiles.link(link, null);
                if (target != null) {
                    FdEntry e = classify(procPid, fd, link, target, sockets);
                    if (e != null) {
                        out.add(e);
                    }
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.fd(), b.fd()));
        return out;
    }

    static FdEntry classify(Path procPid, long fd, Path link, String target, SocketTables sockets) {
        if (target.startsWith("socket:[")) {
            long inode = bracketed(target);
            FdEntry s = sockets.lookup(inode, fd);
            // raw, packet and other sockets have no table here; libsinsp shows them as unknown
            return s != null ? s : new FdEntry.Named(fd, inode, FdType.UNKNOWN, "");
        }
        if (target.startsWith("pipe:[")) {
            return new FdEntry.Named(fd, bracketed(target), FdType.FIFO, target);
        }
        if (target.startsWith("anon_inode:")) {
            String kind = target.substring("anon_inode:".length());
            FdType type = ANON.get(kind);
            if (type == null) {
                type = kind.startsWith("bpf") || kind.startsWith("btf") ? FdType.BPF : FdType.UNSUPPORTED;
            }
            return new FdEntry.Named(fd, inode(link), type, target);
        }
        if (target.startsWith("/memfd:")) {
            return new FdEntry.Named(fd, inode(link), FdType.MEMFD, target);
        }
        int mode;
        long ino;
        long dev;
        try {
            Map<String, Object> a = Files.readAttributes(link, "unix:mode,ino,dev");
            mode = (Integer) a.get("mode");
            ino = (Long) a.get("ino");
            dev = (Long) a.get("dev");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // closed meanwhile
        }
        switch (mode & S_IFMT) {
            case S_IFDIR -> {
                return new FdEntry.Named(fd, ino, FdType.DIRECTORY, target);
            }
            case S_IFIFO -> {
                return new FdEntry.Named(fd, ino, FdType.FIFO, target);
            }
            default -> {
                String info = ProcFiles.text(procPid.resolve("fdinfo").resolve(Long.toString(fd)));
                String flags = ProcFiles.field(info, "flags:");
                int linuxFlags = flags == null ? 0 : (int) Long.parseLong(flags, 8);
                return new FdEntry.File(fd, ino, OpenFlags.toPpm(linuxFlags), target, encodeDev(dev));
            }
        }
    }

    /**
     * The kernel's new_encode_dev layout the probe and capture files use: minor low byte, major in
     * bits 8..19, the rest of the minor above. glibc's st_dev keeps major in bits 8..19 and 44..63
     * and minor in 0..7 and 20..43.
     */
    static int encodeDev(long stDev) {
        long major = ((stDev >>> 8) & 0xfff) | ((stDev >>> 32) & ~0xfffL);
        long minor = (stDev & 0xff) | ((stDev >>> 12) & ~0xffL);
        return (int) ((minor & 0xff) | (major << 8) | ((minor & ~0xffL) << 12));
    }

    private static long bracketed(String s) {
        int open = s.indexOf('[');
        int close = s.indexOf(']', open);
        return ProcFiles.parseLong(s.substring(open + 1, close < 0 ? s.length() : close), 0);
    }

    private static long inode(Path link) {
        try {
            return (Long) Files.getAttribute(link, "unix:ino");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return 0;
        }
    }
}
