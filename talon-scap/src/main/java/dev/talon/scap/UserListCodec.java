package dev.talon.scap;

/** Entries of the UL (v1) and UL_V2 user list blocks (spec section 9). Encodes UL_V2 entries. */
final class UserListCodec {
    static final int KIND_USER = 0;
    static final int KIND_GROUP = 1;
    /** MAX_CREDENTIALS_STR_LEN: names are read into a 256-byte buffer with the NUL. */
    static final int MAX_NAME = 255;
    static final int MAX_PATH = 1023;

    private UserListCodec() {}

    /** Reads one entry and hands it to {@code sink} as a user or a group. */
    static void read(BlockCursor c, boolean v2, MetadataSink sink) throws ScapFormatException {
        long start = c.position();
        long entryLen = v2 ? Integer.toUnsignedLong(c.u32("user entry length")) : 0;
        long kindAt = c.position();
        int kind = c.u8("user entry kind");
        Object entry = switch (kind) {
            case KIND_USER -> new UserEntry(c.u32("uid"), c.u32("gid"), c.str16(MAX_NAME, "user name"),
                    c.str16(MAX_PATH, "home directory"), c.str16(MAX_PATH, "shell"));
            case KIND_GROUP -> new GroupEntry(c.u32("gid"), c.str16(MAX_NAME, "group name"));
            default -> throw c.errorAt(kindAt, "unknown user list entry kind " + kind);
        };
        if (v2) {
            long consumed = c.position() - start;
            if (consumed > entryLen) {
                throw c.errorAt(start, "user entry length " + entryLen + " is shorter than its fields ("
                        + consumed + " bytes)");
            }
            c.skip(entryLen - consumed);
        }
        if (entry instanceof UserEntry u) {
            sink.user(u);
        } else {
            sink.group((GroupEntry) entry);
        }
    }

    static void writeUser(ByteSink out, UserEntry u) {
        int start = out.size();
        out.u32(0).u8(KIND_USER).u32(u.uid()).u32(u.gid()).str16(u.name(), MAX_NAME)
                .str16(u.homedir(), MAX_PATH).str16(u.shell(), MAX_PATH);
        out.putU32(start, out.size() - start);
    }

    static void writeGroup(ByteSink out, GroupEntry g) {
        int start = out.size();
        out.u32(0).u8(KIND_GROUP).u32(g.gid()).str16(g.name(), MAX_NAME);
        out.putU32(start, out.size() - start);
    }
}
