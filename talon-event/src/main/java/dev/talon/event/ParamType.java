package dev.talon.event;

/** Parameter wire types (PT_*), in id order; see shared/spec/param-types.tsv for each encoding. */
public enum ParamType {
    PT_NONE(0), PT_INT8(1), PT_INT16(2), PT_INT32(4), PT_INT64(8), PT_UINT8(1), PT_UINT16(2), PT_UINT32(4),
    PT_UINT64(8), PT_CHARBUF(-1), PT_BYTEBUF(-1), PT_ERRNO(8), PT_SOCKADDR(-1), PT_SOCKTUPLE(-1), PT_FD(8),
    PT_PID(8), PT_FDLIST(-1), PT_FSPATH(-1), PT_SYSCALLID(2), PT_SIGTYPE(1), PT_RELTIME(8), PT_ABSTIME(8),
    PT_PORT(2), PT_L4PROTO(1), PT_SOCKFAMILY(1), PT_BOOL(4), PT_IPV4ADDR(4), PT_DYN(-1), PT_FLAGS8(1),
    PT_FLAGS16(2), PT_FLAGS32(4), PT_UID(4), PT_GID(4), PT_DOUBLE(8), PT_SIGSET(4), PT_CHARBUFARRAY(-1),
    PT_CHARBUF_PAIR_ARRAY(-1), PT_IPV4NET(8), PT_IPV6ADDR(16), PT_IPV6NET(32), PT_IPADDR(-1), PT_IPNET(-1),
    PT_MODE(4), PT_FSRELPATH(-1), PT_ENUMFLAGS8(1), PT_ENUMFLAGS16(2), PT_ENUMFLAGS32(4), PT_FD32(4), PT_PID32(4);

    private static final ParamType[] BY_ID = values();
    private final int wireSize;

    ParamType(int wireSize) {
        this.wireSize = wireSize;
    }

    public int id() {
        return ordinal();
    }

    /** Fixed size on the wire in bytes, or -1 when the length array gives it. */
    public int wireSize() {
        return wireSize;
    }

    /** Whether the integer value is signed (sign-extended when read as a long). */
    public boolean isSigned() {
        return switch (this) {
            case PT_INT8, PT_INT16, PT_INT32, PT_INT64, PT_ERRNO, PT_FD, PT_PID, PT_FD32, PT_PID32 -> true;
            default -> false;
        };
    }

    public static ParamType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
