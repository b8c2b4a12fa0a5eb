package dev.talon.scap.proc;

/** Linux open(2) flags (x86_64 values, as fdinfo prints them in octal) to the PPM_O_* bits of capture files. */
final class OpenFlags {
    static final int PPM_O_RDONLY = 1;
    static final int PPM_O_WRONLY = 2;
    static final int PPM_O_RDWR = 3;
    static final int PPM_O_CREAT = 1 << 2;
    static final int PPM_O_APPEND = 1 << 3;
    static final int PPM_O_DSYNC = 1 << 4;
    static final int PPM_O_EXCL = 1 << 5;
    static final int PPM_O_NONBLOCK = 1 << 6;
    static final int PPM_O_SYNC = 1 << 7;
    static final int PPM_O_TRUNC = 1 << 8;
    static final int PPM_O_DIRECT = 1 << 9;
    static final int PPM_O_DIRECTORY = 1 << 10;
    static final int PPM_O_LARGEFILE = 1 << 11;
    static final int PPM_O_CLOEXEC = 1 << 12;

    private static final int O_ACCMODE = 03;
    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DSYNC = 010000;
    private static final int O_DIRECT = 040000;
    private static final int O_LARGEFILE = 0100000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_SYNC = 04010000;

    private OpenFlags() {
    }

    static int toPpm(int flags) {
        int r = switch (flags & O_ACCMODE) {
            case O_WRONLY -> PPM_O_WRONLY;
            case O_RDWR -> PPM_O_RDWR;
            default -> PPM_O_RDONLY;
        };
        if ((flags & O_CREAT) != 0) r |= PPM_O_CREAT;
        if ((flags & O_APPEND) != 0) r |= PPM_O_APPEND;
        if ((flags & O_DSYNC) != 0) r |= PPM_O_DSYNC;
        if ((flags & O_EXCL) != 0) r |= PPM_O_EXCL;
        if ((flags & O_NONBLOCK) != 0) r |= PPM_O_NONBLOCK;
        if ((flags & O_SYNC) == O_SYNC) r |= PPM_O_SYNC;
        if ((flags & O_TRUNC) != 0) r |= PPM_O_TRUNC;
        if ((flags & O_DIRECT) != 0) r |= PPM_O_DIRECT;
        if ((flags & O_DIRECTORY) != 0) r |= PPM_O_DIRECTORY;
        if ((flags & O_LARGEFILE) != 0) r |= PPM_O_LARGEFILE;
        if ((flags & O_CLOEXEC) != 0) r |= PPM_O_CLOEXEC;
        return r;
    }
}
