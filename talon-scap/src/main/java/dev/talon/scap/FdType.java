package dev.talon.scap;

/** libscap's scap_fd_type: the kinds of file descriptor a capture's fd table knows, with their codes. */
public enum FdType {
    UNKNOWN(0), FILE(1), DIRECTORY(2), IPV4_SOCK(3), IPV6_SOCK(4), IPV4_SERVSOCK(5), IPV6_SERVSOCK(6),
    FIFO(7), UNIX_SOCK(8), EVENT(9), UNSUPPORTED(10), SIGNALFD(11), EVENTPOLL(12), INOTIFY(13),
    TIMERFD(14), NETLINK(15), FILE_V2(16), BPF(17), USERFAULTFD(18), IOURING(19), MEMFD(20), PIDFD(21);

    private static final FdType[] BY_CODE = values();

    private final int code;

    FdType(int code) {
        this.code = code;
    }

    /** The on-disk code. */
    public int code() {
        return code;
    }

    /** The type with that code, or null if the code is unknown. */
    public static FdType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
