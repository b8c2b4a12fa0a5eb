package dev.talon.inspect.state;

/** uid/gid → name, from the capture's user list (UL blocks or user/group-added events). */
public final class UserTable {
    static final int MAX_ENTRIES = 1 << 16;
    private final LongMap<String> users = new LongMap<>(64);
    private final LongMap<String> groups = new LongMap<>(64);
    private final LongMap<String[]> homeShell = new LongMap<>(64);

    /** Home directory and shell of a user (from the capture's user list). */
    public void addUserDetails(long uid, String home, String shell) {
        if (homeShell.size() < MAX_ENTRIES) homeShell.put(uid, new String[] {home, shell});
    }

    public String home(long uid) {
        String[] h = homeShell.get(uid);
        return h == null ? null : h[0];
    }

    public String shell(long uid) {
        String[] h = homeShell.get(uid);
        return h == null ? null : h[1];
    }

    public void addUser(long uid, String name) {
        if (users.size() < MAX_ENTRIES) users.put(uid, name);
    }

    public void addGroup(long gid, String name) {
        if (groups.size() < MAX_ENTRIES) groups.put(gid, name);
    }

    public String userName(long uid) {
        return users.get(uid);
    }

    public String groupName(long gid) {
        return groups.get(gid);
    }
}
