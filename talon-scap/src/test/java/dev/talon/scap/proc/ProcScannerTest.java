package dev.talon.scap.proc;

import dev.talon.scap.FdEntry;
import dev.talon.scap.FdType;
import dev.talon.scap.InterfaceEntry;
import dev.talon.scap.MetadataCollector;
import dev.talon.scap.MetadataCollector.ThreadFd;
import dev.talon.scap.ThreadEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Scans the test JVM's own process (its real /proc entries) and small hand-built procfs trees. */
class ProcScannerTest {
    private static final long PID = ProcessHandle.current().pid();

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux procfs");
    }

    private static List<FdEntry> fdsOf(MetadataCollector c, long pid) {
        return c.fds().stream().filter(f -> f.tid() == pid).map(ThreadFd::fd).toList();
    }

    @Test
    void ownProcessWithItsFilesSocketsAndPipe(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("held-open.txt");
        Files.writeString(file, "x");
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (FileChannel held = FileChannel.open(file, StandardOpenOption.APPEND);
             ServerSocket server = new ServerSocket(0, 5, lo);
             Socket client = new Socket(lo, server.getLocalPort());
             Socket accepted = server.accept();
             java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            Pipe pipe = Pipe.open();
            try (Pipe.SourceChannel in = pipe.source(); Pipe.SinkChannel out = pipe.sink()) {
                MetadataCollector c = new MetadataCollector();
                ProcScanner.Summary summary = ProcScanner.scan(c);

                assertThat(summary.processes()).isPositive();
                assertThat(summary.threads()).isEqualTo(c.threads().size());
                assertThat(summary.fds()).isEqualTo(c.fds().size());

                ThreadEntry me = c.threads().stream().filter(t -> t.tid() == PID).findFirst().orElseThrow();
                assertThat(me.pid()).isEqualTo(PID);
                assertThat(me.ptid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
                assertThat(me.comm()).isEqualTo(Files.readString(Path.of("/proc/self/comm")).strip());
                assertThat(Path.of(me.exepath())).isEqualTo(Path.of(ProcessHandle.current().info().command().orElseThrow()));
                assertThat(me.exe()).endsWith("java");
                assertThat(me.args()).isNotEmpty();
                assertThat(me.cwd()).isEqualTo(Path.of("").toAbsolutePath().toString());
                assertThat(me.root()).isEqualTo("/");
                assertThat(me.env()).contains("PATH=" + System.getenv("PATH"));
                assertThat(me.fdlimit()).isPositive();
                assertThat(me.flags()).as("main thread").isZero();
                assertThat(me.vmsizeKb()).isPositive();
                assertThat(me.vmrssKb()).isPositive();
                assertThat(me.pfMinor()).isPositive();
                assertThat(me.exeIno()).isEqualTo((Long) Files.getAttribute(Path.of(me.exepath()), "unix:ino"));
                assertThat(me.uid()).isEqualTo((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
                assertThat(me.vpid()).isPositive();
                // 0 when the session leader lives outside our pid namespace (as under CI's runner), so compare
                // with the kernel's own figure rather than expecting a positive id
                assertThat(me.sid()).isEqualTo(Long.parseLong(
                        ThreadReader.statFields(Files.readString(Path.of("/proc/self/stat")))[3]));
                assertThat(me.pidnsInitStartTs()).isPositive();
                assertThat(me.capEffective()).isEqualTo(Long.parseUnsignedLong(
                        ProcFiles.field(Files.readString(Path.of("/proc/self/status")), "CapEff:"), 16));

                List<ThreadEntry> others = c.threads().stream().filter(t -> t.pid() == PID && t.tid() != PID).toList();
                assertThat(others).as("JVM threads").isNotEmpty()
                        .allSatisfy(t -> {
                            assertThat(t.flags()).isEqualTo(ProcScanner.THREAD_FLAGS);
                            assertThat(t.exepath()).isEqualTo(me.exepath());
                        });
                assertThat(c.threads().indexOf(me)).as("main thread before its threads")
                        .isLessThan(c.threads().indexOf(others.getFirst()));

                List<FdEntry> fds = fdsOf(c, PID);
                FdEntry.File f = fds.stream().filter(e -> e instanceof FdEntry.File ff && ff.name().equals(file.toString()))
                        .map(FdEntry.File.class::cast).findFirst().orElseThrow();
                assertThat(f.ino()).isEqualTo((Long) Files.getAttribute(file, "unix:ino"));
                assertThat(f.openFlags() & OpenFlags.PPM_O_RDWR).isEqualTo(OpenFlags.PPM_O_WRONLY);
                assertThat(f.openFlags() & OpenFlags.PPM_O_APPEND).isEqualTo(OpenFlags.PPM_O_APPEND);
                assertThat(f.dev()).isEqualTo(FdScanner.encodeDev((Long) Files.getAttribute(file, "unix:dev")));

                int port = server.getLocalPort();
                assertThat(fds).as("listening socket on 127.0.0.1:%d", port).anySatisfy(e -> {
                    switch (e) {
                        case FdEntry.Ipv4ServerSocket s -> {
                            assertThat(s.ip()).isEqualTo(0x7F000001);
                            assertThat(s.port()).isEqualTo(port);
                            assertThat(s.l4proto()).isEqualTo(SocketTables.L4_TCP);
                        }
                        case FdEntry.Ipv6ServerSocket s -> {
                            assertThat(s.ip().toString()).isEqualTo("0:0:0:0:0:ffff:7f00:1");
                            assertThat(s.port()).isEqualTo(port);
                        }
                        default -> throw new AssertionError("not a server socket: " + e);
                    }
                });
                int clientPort = client.getLocalPort();
                assertThat(fds).as("client socket %d -> %d", clientPort, port).anySatisfy(e -> {
                    switch (e) {
                        case FdEntry.Ipv4Socket s -> {
                            assertThat(s.sport()).isEqualTo(clientPort);
                            assertThat(s.dport()).isEqualTo(port);
                            assertThat(s.dip()).isEqualTo(0x7F000001);
                        }
                        case FdEntry.Ipv6Socket s -> {
                            assertThat(s.sport()).isEqualTo(clientPort);
                            assertThat(s.dport()).isEqualTo(port);
                        }
                        default -> throw new AssertionError("not a connected socket: " + e);
                    }
                });
                assertThat(fds).filteredOn(e -> e.type() == FdType.FIFO && ((FdEntry.Named) e).name().startsWith("pipe:["))
                        .as("both ends of the pipe").hasSizeGreaterThanOrEqualTo(2);
                assertThat(fds).as("the selector's epoll").anyMatch(e -> e.type() == FdType.EVENTPOLL);
                assertThat(fds).as("the JVM's modules image or jars")
                        .anyMatch(e -> e instanceof FdEntry.File ff && ff.name().endsWith("/lib/modules"));

                assertThat(c.machineInfos()).singleElement().satisfies(mi -> {
                    assertThat(mi.hostname()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
                    assertThat(mi.numCpus()).isPositive();
                    assertThat(mi.memorySizeBytes()).isPositive();
                    assertThat(mi.maxPid()).isPositive();
                    assertThat(mi.bootTsEpoch()).isPositive();
                });
                assertThat(c.users()).anySatisfy(u -> {
                    assertThat(u.uid()).isZero();
                    assertThat(u.name()).isEqualTo("root");
                });
                assertThat(c.groups()).anySatisfy(g -> assertThat(g.gid()).isZero());
                assertThat(c.interfaces()).anySatisfy(i -> {
                    assertThat(i).isInstanceOf(InterfaceEntry.Ipv4.class);
                    InterfaceEntry.Ipv4 v4 = (InterfaceEntry.Ipv4) i;
                    assertThat(v4.addr()).isEqualTo(0x7F000001);
                    assertThat(v4.netmask()).isEqualTo(0xFF000000);
                });
            }
        }
    }

    @Test
    void udpSocketWithoutPeerIsAServerSocket() throws Exception {
        try (var udp = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
            udp.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            MetadataCollector c = new MetadataCollector();
            ProcScanner.scan(c);
            assertThat(fdsOf(c, PID)).anySatisfy(e -> {
                assertThat(e).isInstanceOf(FdEntry.Ipv4ServerSocket.class);
                FdEntry.Ipv4ServerSocket s = (FdEntry.Ipv4ServerSocket) e;
                assertThat(s.port()).isEqualTo(port);
                assertThat(s.l4proto()).isEqualTo(SocketTables.L4_UDP);
            });
        }
    }

    /** A tree with one complete process, one that vanished (no stat) and a stray file. */
    @Test
    void vanishedProcessesAreSkippedAndFieldsParsedFromTheFiles(@TempDir Path root) throws IOException {
        Path proc = root.resolve("proc");
        Path p = proc.resolve("4242");
        Path task = p.resolve("task/4243");
        Files.createDirectories(p.resolve("task/4242"));
        Files.createDirectories(task);
        Files.createDirectories(p.resolve("fd"));
        Files.createDirectories(p.resolve("fdinfo"));
        Files.createDirectories(p.resolve("net"));
        Files.createDirectories(p.resolve("ns"));
        String stat = "4242 (my (odd) comm) S 1 4242 4200 34816 4242 4194560 1500 0 7 0 3 1 0 0 20 0 2 0 12345 1000 10";
        String status = "Name:\tx\nPPid:\t1\nUid:\t1000\t1001\t1000\t1000\nGid:\t50\t51\t50\t50\n"
                + "VmSize:\t  2048 kB\nVmRSS:\t  512 kB\nNStgid:\t4242\t7\nNSpid:\t4242\t7\nNSpgid:\t4242\t7\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t00000000000000ff\nCapEff:\t00000000000000f0\n";
        for (Path t : List.of(p, p.resolve("task/4242"), task)) {
            Files.writeString(t.resolve("stat"), stat);
            Files.writeString(t.resolve("status"), status);
            Files.writeString(t.resolve("comm"), "my (odd) comm\n");
            Files.writeString(t.resolve("cgroup"), "4:cpu,cpuacct:/grp\n1:name=systemd:/x\n");
            Files.createSymbolicLink(t.resolve("cwd"), root);
        }
        Files.write(p.resolve("cmdline"), "/bin/prog\0-a\0b c\0".getBytes(StandardCharsets.UTF_8));
        Files.write(p.resolve("environ"), "A=1\0B=2\0".getBytes(StandardCharsets.UTF_8));
        Files.writeString(p.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            1024                 4096                 files\n");
        Files.writeString(p.resolve("loginuid"), "1000");
        Path held = root.resolve("held");
        Files.writeString(held, "y");
        Files.createSymbolicLink(p.resolve("fd/3"), held);
        Files.writeString(p.resolve("fdinfo/3"), "pos:\t0\nflags:\t02102001\nmnt_id:\t1\n");
        Files.createSymbolicLink(p.resolve("fd/4"), Path.of("socket:[777]"));
        Files.createSymbolicLink(p.resolve("fd/5"), Path.of("anon_inode:[eventfd]"));
        Files.createSymbolicLink(p.resolve("fd/6"), Path.of("socket:[888]"));
        Files.createSymbolicLink(p.resolve("fd/7"), Path.of("anon_inode:bpf-map"));
        Files.writeString(p.resolve("net/tcp"), "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 0200007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 777 1 0 20 4 30 10 -1\n");
        Files.writeString(p.resolve("net/unix"), "Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "ffff8880aaaa0000: 00000002 00000000 00010000 0001 01   888 /run/my sock\n");
        Files.createDirectories(proc.resolve("999/task/999")); // vanished: no stat anywhere
        Files.writeString(proc.resolve("uptime"), "100.00 50.00\n");
        Path etc = root.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nu:x:1000:50::/home/u:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nstaff:x:50:u\n");

        MetadataCollector c = new MetadataCollector();
        ProcScanner.Summary s = ProcScanner.scan(c, proc, etc, 1_000_000_000_000L);
        assertThat(s.processes()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.threads()).isEqualTo(2);

        ThreadEntry main = c.threads().getFirst();
        assertThat(main.tid()).isEqualTo(4242);
        assertThat(main.comm()).isEqualTo("my (odd) comm");
        assertThat(main.exe()).isEqualTo("/bin/prog");
        assertThat(main.args()).containsExactly("-a", "b c");
        assertThat(main.env()).containsExactly("A=1", "B=2");
        assertThat(main.uid()).isEqualTo(1001);
        assertThat(main.gid()).isEqualTo(51);
        assertThat(main.ptid()).isEqualTo(1);
        assertThat(main.sid()).isEqualTo(4200);
        assertThat(main.tty()).isEqualTo(34816);
        assertThat(main.pgid()).isEqualTo(4242);
        assertThat(main.vpgid()).isEqualTo(7);
        assertThat(main.vpid()).isEqualTo(7);
        assertThat(main.vtid()).isEqualTo(7);
        assertThat(main.pfMinor()).isEqualTo(1500);
        assertThat(main.pfMajor()).isEqualTo(7);
        assertThat(main.vmsizeKb()).isEqualTo(2048);
        assertThat(main.vmrssKb()).isEqualTo(512);
        assertThat(main.fdlimit()).isEqualTo(1024);
        assertThat(main.loginuid()).isEqualTo(1000);
        assertThat(main.capPermitted()).isEqualTo(0xff);
        assertThat(main.capEffective()).isEqualTo(0xf0);
        assertThat(main.cwd()).isEqualTo(root.toString());
        assertThat(main.cgroups()).containsExactly("cpu=/grp", "cpuacct=/grp", "name=systemd=/x");
        assertThat(main.flags()).isZero();
        assertThat(c.threads().get(1).tid()).isEqualTo(4243);
        assertThat(c.threads().get(1).flags()).isEqualTo(ProcScanner.THREAD_FLAGS);

        List<FdEntry> fds = fdsOf(c, 4242);
        assertThat(fds).extracting(FdEntry::fd).containsExactly(3L, 4L, 5L, 6L, 7L);
        FdEntry.File f = (FdEntry.File) fds.get(0);
        assertThat(f.name()).isEqualTo(held.toString());
        assertThat(f.openFlags()).isEqualTo(OpenFlags.PPM_O_WRONLY | OpenFlags.PPM_O_APPEND
                | OpenFlags.PPM_O_LARGEFILE | OpenFlags.PPM_O_CLOEXEC);
        assertThat(fds.get(1)).isEqualTo(new FdEntry.Ipv4Socket(4, 777, 0x7F000001, 0x7F000002, 8080, 54321,
                SocketTables.L4_TCP));
        assertThat(fds.get(2).type()).isEqualTo(FdType.EVENT);
        assertThat(fds.get(3)).isEqualTo(new FdEntry.UnixSocket(6, 888, 0xffff8880aaaa0000L, 0, "/run/my sock"));
        assertThat(fds.get(4).type()).isEqualTo(FdType.BPF);

        assertThat(c.users()).extracting(u -> u.name()).containsExactly("root", "u");
        assertThat(c.groups()).extracting(g -> g.name()).containsExactly("root", "staff");
        assertThat(c.machineInfos().getFirst().bootTsEpoch()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void ipv6AddressesFromProcNetWords() {
        assertThat(SocketTables.ipv6("00000000000000000000000001000000").toString()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(SocketTables.ipv6("0000000000000000FFFF00000100007F").toString()).isEqualTo("0:0:0:0:0:ffff:7f00:1");
    }

    @Test
    void deviceNumbersUseTheKernelEncoding() {
        assertThat(FdScanner.encodeDev((8L << 8) | 1)).isEqualTo((8 << 8) | 1);
        // major 259, minor 300: glibc puts minor bits above 8 at 20..43
        long glibc = (259L << 8) | (300 & 0xff) | ((300L & ~0xff) << 12);
        assertThat(FdScanner.encodeDev(glibc)).isEqualTo((300 & 0xff) | (259 << 8) | ((300 & ~0xff) << 12));
    }
}
