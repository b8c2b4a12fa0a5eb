package dev.talon.filter;

/** Value types of fields: libsinsp's {@code PT_*} names without the prefix. */
public enum FieldType {
    INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64,
    BOOL, DOUBLE,
    CHARBUF, BYTEBUF, FSPATH, FSRELPATH,
    IPV4ADDR, IPV6ADDR, IPADDR, IPV4NET, IPV6NET, IPNET, PORT,
    ABSTIME, RELTIME,
    ERRNO, FD, PID, SYSCALLID, SIGTYPE, MODE, UID, GID,
    FLAGS8, FLAGS16, FLAGS32, ENUMFLAGS8, ENUMFLAGS16, ENUMFLAGS32,
    /** type depends on the argument (evt.rawarg: the parameter's own type) */
    DYN;

    /** Compared as numbers. */
    public boolean isNumeric() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, DOUBLE, PORT, ABSTIME, RELTIME,
                 ERRNO, FD, PID, SYSCALLID, SIGTYPE, MODE, UID, GID, FLAGS8, FLAGS16, FLAGS32, ENUMFLAGS8,
                 ENUMFLAGS16, ENUMFLAGS32 -> true;
            default -> false;
        };
    }

    /** Compared as text. */
    public boolean isString() {
        return this == CHARBUF || this == FSPATH || this == FSRELPATH;
    }

    /** An IP address or network. */
    public boolean isIp() {
        return this == IPV4ADDR || this == IPV6ADDR || this == IPADDR || this == IPV4NET || this == IPV6NET
                || this == IPNET;
    }
}
