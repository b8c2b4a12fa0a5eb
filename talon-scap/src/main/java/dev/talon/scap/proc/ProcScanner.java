package dev.talon.scap.proc;

import dev.talon.scap.FdEntry;
import dev.talon.scap.GroupEntry;
import dev.talon.scap.InterfaceEntry;
import dev.talon.scap.Ipv6Address;
import dev.talon.scap.MachineInfo;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.UserEntry;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the running system's state from procfs and /etc into a {@link MetadataSink}, in capture-file
 * order: machine info, interfaces, users, groups, then every thread (main threads first within a
 * process) followed by its process's fds.
 */
public final class ProcScanner {
    /** PPM_CL_CLONE_FILES | PPM_CL_CLONE_THREAD: what libscap marks a non-main thread with. */
    static final int THREAD_FLAGS = 1 | (1 << 13);
    /** USER_HZ: the unit of /proc/pid/stat times on every Linux architecture Talon runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;
    private final Path etc;
    private final long bootTsEpoch;

    /** What a scan found: counts for logs and tests. */
    public record Summary(int processes, int threads, int fds, int skipped) {
    }

    private ProcScanner(Path proc, Path etc, long bootTsEpoch) {
        this.proc = proc;
        this.etc = etc;
        this.bootTsEpoch = bootTsEpoch;
    }

    /** Scans this machine ({@code /proc}, {@code /etc}) into {@code sink}. */
    public static Summary scan(MetadataSink sink) {
        return scan(sink, 0);
    }

    /**
     * Scans this machine; {@code bootTsEpoch} is the boot time in ns since the epoch the live events
     * are stamped against (0: computed here from /proc/uptime).
     */
    public static Summary scan(MetadataSink sink, long bootTsEpoch) {
        Path proc = Path.of("/proc");
        long boot = bootTsEpoch != 0 ? bootTsEpoch : bootTimeFromUptime(proc);
        return new ProcScanner(proc, Path.of("/etc"), boot).run(sink);
    }

    /** Scans a procfs and /etc rooted elsewhere (tests build small trees). */
    static Summary scan(MetadataSink sink, Path proc, Path etc, long bootTsEpoch) {
        return new ProcScanner(proc, etc, bootTsEpoch).run(sink);
    }

    private Summary run(MetadataSink sink) {
        sink.machineInfo(machineInfo());
        interfaces().forEach(sink::networkInterface);
        users().forEach(sink::user);
        groups().forEach(sink::group);

        List<ProcessScan> processes = new ArrayList<>();
        int skipped = 0;
        Map<String, SocketTables> socketsByNetns = new HashMap<>();
        for (long pid : numericEntries(proc)) {
            ProcessScan p = scanProcess(pid, socketsByNetns);
            if (p == null) {
                skipped++;
            } else {
                processes.add(p);
            }
        }
        // the start time of each pid namespace's init (the member with vpid 1), for pidns_init_start_ts
        // processes whose vpid equals their pid live in the scanning namespace, whose init is pid 1
        // (whose ns link may be unreadable even to root)
        Map<String, Long> initStart = new HashMap<>();
        long hostInitStart = 0;
        for (ProcessScan p : processes) {
            ThreadEntry main = p.threads.getFirst();
            if (main.pid() == 1) {
                hostInitStart = p.startTs;
            } else if (main.vpid() == 1) {
                initStart.putIfAbsent(p.pidns, p.startTs);
            }
        }
        int threads = 0;
        int fds = 0;
        for (ProcessScan p : processes) {
            ThreadEntry main = p.threads.getFirst();
            long nsStart = main.vpid() == main.pid() ? hostInitStart : initStart.getOrDefault(p.pidns, 0L);
            for (ThreadEntry t : p.threads) {
                sink.thread(t.toBuilder().pidnsInitStartTs(nsStart).build());
                threads++;
            }
            for (FdEntry fd : p.fds) {
                sink.fd(p.pid, fd);
                fds++;
            }
        }
        return new Summary(processes.size(), threads, fds, skipped);
    }

    private record ProcessScan(long pid, String pidns, long startTs, List<ThreadEntry> threads, List<FdEntry> fds) {
    }

    /** One process with its threads and fds, or null when it exited (or is unreadable) meanwhile. */
    private ProcessScan scanProcess(long pid, Map<String, SocketTables> socketsByNetns) {
        Path dir = proc.resolve(Long.toString(pid));
        ProcessCommon common = ProcessCommon.read(dir);
        if (common == null) {
            return null;
        }
        List<ThreadEntry> threads = new ArrayList<>();
        ThreadEntry main = null;
        long startTs = 0;
        for (long tid : numericEntries(dir.resolve("task"))) {
            Path task = dir.resolve("task").resolve(Long.toString(tid));
            ThreadEntry t = ThreadReader.read(task, tid, pid, common, tid == pid ? 0 : THREAD_FLAGS);
            if (t == null) {
                continue; // the thread exited
            }
            if (tid == pid) {
                main = t;
                startTs = bootTsEpoch + ThreadReader.startTicks(task) * NANOS_PER_TICK;
            } else {
                threads.add(t);
            }
        }
        if (main == null) {
            return null;
        }
        threads.addFirst(main);
        String netns = ProcFiles.link(dir.resolve("ns/net"), "");
        SocketTables sockets = socketsByNetns.computeIfAbsent(netns, k -> SocketTables.read(dir.resolve("net")));
        List<FdEntry> fds;
        try {
            fds = FdScanner.scan(dir, sockets);
        } catch (IOException | SecurityException e) {
            fds = List.of(); // exited between the threads and the fds, or a kernel thread without fds
        }
        return new ProcessScan(pid, ProcFiles.link(dir.resolve("ns/pid"), ""), startTs, threads, fds);
    }

    /** Numeric directory names (pids, tids) in ascending order. */
    private static List<Long> numericEntries(Path dir) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
                    long v = ProcFiles.parseLong(n, -1);
                    if (v > 0) {
                        out.add(v);
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        Collections.sort(out);
        return out;
    }

    MachineInfo machineInfo() {
        String hostname = ProcFiles.line(proc.resolve("sys/kernel/hostname"), "");
        if (hostname.length() > 127) {
            hostname = hostname.substring(0, 127);
        }
        long maxPid = ProcFiles.parseLong(ProcFiles.line(proc.resolve("sys/kernel/pid_max"), "0"), 0);
        String[] mem = ProcFiles.words(ProcFiles.field(ProcFiles.text(proc.resolve("meminfo")), "MemTotal:"));
        long memBytes = mem.length == 0 ? 0 : ProcFiles.parseLong(mem[0], 0) * 1024;
        return new MachineInfo(onlineCpus(), memBytes, maxPid, hostname, bootTsEpoch, 0);
    }

    /** The count of CPUs in /sys/devices/system/cpu/online ("0-3,5"), like sysconf(_SC_NPROCESSORS_ONLN). */
    static int onlineCpus() {
        String online = ProcFiles.line(Path.of("/sys/devices/system/cpu/online"), null);
        if (online == null || online.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n = 0;
        for (String range : online.strip().split(",")) {
            String[] ab = range.split("-");
            long a = ProcFiles.parseLong(ab[0], 0);
            long b = ab.length > 1 ? ProcFiles.parseLong(ab[1], a) : a;
            n += (int) (b - a + 1);
        }
        return n;
    }

    static long bootTimeFromUptime(Path proc) {
        String[] up = ProcFiles.words(ProcFiles.line(proc.resolve("uptime"), ""));
        Instant now = Instant.now();
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (up.length == 0) {
            return 0;
        }
        try {
            return nowNs - Math.round(Double.parseDouble(up[0]) * 1e9);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every IPv4 and IPv6 address of every interface, with netmask, broadcast and link speed. */
    static List<InterfaceEntry> interfaces() {
        List<InterfaceEntry> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                long speed = linkSpeed(ni.getName());
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    int prefix = ia.getNetworkPrefixLength();
                    if (a instanceof Inet4Address) {
                        int mask = prefix <= 0 ? 0 : (int) (0xFFFFFFFFL << (32 - Math.min(32, prefix)));
                        int bcast = ia.getBroadcast() == null ? 0 : ipv4(ia.getBroadcast());
                        out.add(new InterfaceEntry.Ipv4(ni.getName(), ipv4(a), mask, bcast, speed));
                    } else if (a instanceof Inet6Address) {
                        byte[] mask = new byte[16];
                        for (int bit = 0; bit < Math.min(128, Math.max(0, prefix)); bit++) {
                            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
                        }
                        out.add(new InterfaceEntry.Ipv6(ni.getName(), Ipv6Address.of(a.getAddress()),
                                Ipv6Address.of(mask), Ipv6Address.ANY, speed));
                    }
                }
            }
        } catch (SocketException e) {
            return out; // no interfaces readable: the capture simply has none
        }
        return out;
    }

    private static int ipv4(InetAddress a) {
        return ByteBuffer.wrap(a.getAddress()).getInt();
    }

    /** Mbit/s from sysfs; virtual interfaces report -1 or nothing, stored as 0. */
    private static long linkSpeed(String ifname) {
        long s = ProcFiles.parseLong(ProcFiles.line(Path.of("/sys/class/net", ifname, "speed"), "0"), 0);
        return Math.max(0, s);
    }

    /** /etc/passwd rows: name:x:uid:gid:gecos:home:shell. */
    List<UserEntry> users() {
        List<UserEntry> out = new ArrayList<>();
        for (String[] f : colonRows(etc.resolve("passwd"), 7)) {
            long uid = ProcFiles.parseLong(f[2], -1);
            long gid = ProcFiles.parseLong(f[3], -1);
            if (uid >= 0 && gid >= 0) {
                out.add(new UserEntry((int) uid, (int) gid, f[0], f[5], f[6]));
            }
        }
        return out;
    }

    /** /etc/group rows: name:x:gid:members. */
    List<GroupEntry> groups() {
        List<GroupEntry> out = new ArrayList<>();
        for (String[] f : colonRows(etc.resolve("group"), 3)) {
            long gid = ProcFiles.parseLong(f[2], -1);
            if (gid >= 0) {
                out.add(new GroupEntry((int) gid, f[0]));
            }
        }
        return out;
    }

    private static List<String[]> colonRows(Path file, int minFields) {
        String text = ProcFiles.text(file);
        if (text == null) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= minFields) {
                rows.add(f);
            }
        }
        return rows;
    }
}
