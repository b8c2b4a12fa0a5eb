package dev.talon.inspect.state;

/**
 * container.id and container.type from a thread's cgroups, the way libsinsp's cgroup matchers find them:
 * a 64-hex-digit id after a runtime marker in any cgroup path, shortened to 12 digits. Threads without one
 * run on the host ({@code host}).
 */
public final class ContainerIds {
    private ContainerIds() {}

    /** Runtime markers in cgroup paths and the container.type each means. */
    private static final String[][] MARKERS = {
        {"/docker/", "docker"}, {"docker-", "docker"}, {"crio-", "cri-o"}, {"cri-containerd-", "containerd"},
        {"libpod-", "podman"}, {"/libpod/", "podman"}, {"/lxc/", "lxc"}, {"/kubepods", "cri"},
        {"/containerd/", "containerd"}, {"/ecs/", "docker"}};

    /** [full id, type] of the first cgroup naming a container, or null for the host. */
    public static String[] find(String[] cgroups) {
        for (String cg : cgroups) {
            int eq = cg.indexOf('=');
            String path = eq >= 0 ? cg.substring(eq + 1) : cg;
            for (String[] m : MARKERS) {
                int at = path.indexOf(m[0]);
                if (at < 0) continue;
                String id = lastHex64(path);
                if (id != null) return new String[] {id, m[1]};
            }
        }
        return null;
    }

    /** The last maximal run of exactly 64 lowercase hex digits in the path, or null. */
    static String lastHex64(String p) {
        String found = null;
        int i = 0;
        while (i < p.length()) {
            int j = i;
            while (j < p.length() && isHex(p.charAt(j))) j++;
            if (j - i == 64) found = p.substring(i, j);
            i = j == i ? i + 1 : j;
        }
        return found;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
