package dev.talon.driver;

import dev.talon.event.EventInfo;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.event.SyscallCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real probe in the running kernel: each test does something unique from this JVM (or a child)
 * and waits for the matching event. Every event read on the way is checked against the schema.
 * Skips when not root, without BTF, or when the kernel refuses BPF.
 */
@SuppressWarnings("try") // resources opened only for their side effects (open fds, attached probes)
class LiveProbeTest {
    private static final long WAIT_NANOS = 15_000_000_000L;
    private static final int PPM_O_RDONLY = 1, PPM_O_WRONLY = 2, PPM_O_CREAT = 4, PPM_O_EXCL = 32,
            PPM_O_TRUNC = 1 << 8, PPM_O_F_CREATED = 1 << 14;
    private static final int PPM_CL_CLONE_VM = 1 << 15, PPM_CL_CLONE_THREAD = 1 << 13;
    private static final int PPM_EXE_UPPER_LAYER = 2, PPM_EXE_LOWER_LAYER = 8;
    private static final int PPM_FD_UPPER_LAYER = 0x8000, PPM_FD_LOWER_LAYER = 0x10000;

    private static LoadedProbe probe;
    private static RingBufferSource source;
    private static final EventView view = new EventView();

    @BeforeAll
    static void load() throws Exception {
        String why = Preflight.unavailableReason();
        assumeTrue(why == null, () -> "live probe unavailable: " + why);
        try {
            probe = ProbeSpec.embedded().load(ProbeOptions.defaults().withRingBytesPerCpu(4 << 20)
                    .withSyscalls(Set.of()).withLoadAllFillers(true)); // each test selects its own syscalls
        } catch (BpfUnavailableException e) {
            assumeTrue(false, () -> "BPF unavailable: " + e.getMessage());
        }
        probe.attach();
        source = probe.openSource();
    }

    @AfterAll
    static void close() {
        if (source != null) {
            source.close();
        }
        if (probe != null) {
            probe.close();
        }
    }

    /** Selects the syscalls to capture and throws away whatever was captured before. */
    private static void capture(String... syscalls) throws Exception {
        probe.setSyscalls(Set.of(syscalls));
        while (source.poll(view, 0)) {
            checkWellFormed(view);
        }
    }

    private static EventView await(String what, Predicate<EventView> match) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (source.poll(view, 200)) {
                checkWellFormed(view);
                if (match.test(view)) {
                    return view;
                }
            }
        }
        return fail("no " + what + " event arrived; probe stats: " + probe.stats());
    }

    /** Header length = header + length array + parameters, and the parameter count of the schema. */
    private static void checkWellFormed(EventView v) {
        EventInfo info = v.info();
        assertThat(info).as("schema entry of type %d", v.type()).isNotNull();
        assertThat(v.paramCount()).as("%s parameter count", info.ppme()).isEqualTo(info.paramCount());
        long sum = EventView.HEADER_V2 + 2L * v.paramCount();
        for (int i = 0; i < v.paramCount(); i++) {
            int len = v.paramLength(i);
            int wire = info.param(i).type().wireSize();
            if (wire > 0 && len != 0) {
                assertThat(len).as("%s param %s", info.ppme(), info.param(i).name()).isEqualTo(wire);
            }
            sum += len;
        }
        assertThat(v.length()).as("%s length", info.ppme()).isEqualTo(sum);
    }

    private static long myTid() throws IOException {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }

    private static long fdOf(Path path) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(path);
                } catch (IOException e) {
                    return false;
                }
            }).mapToLong(fd -> Long.parseLong(fd.getFileName().toString())).findFirst().orElse(-1);
        }
    }

    private static Path unique(String what) {
        return Path.of("/tmp/talon-" + what + "-" + UUID.randomUUID());
    }

    @Test
    void openatReportsNameFlagsFdAndInode() throws Exception {
        capture("openat", "open");
        Path path = unique("open");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long fd = fdOf(path);
            EventView e = await("openat of " + path,
                    v -> v.type() == EventTypes.PPME_SYSCALL_OPENAT_2_X && path.toString().equals(v.paramString(2)));
            assertThat(e.paramAsLong(0)).as("fd").isEqualTo(fd);
            assertThat(e.paramAsLong(1)).as("dirfd AT_FDCWD").isEqualTo(-100);
            int flags = e.paramU32(3);
            assertThat(flags & 3).as("access mode").isEqualTo(PPM_O_WRONLY);
            assertThat(flags & (PPM_O_CREAT | PPM_O_EXCL | PPM_O_F_CREATED))
                    .isEqualTo(PPM_O_CREAT | PPM_O_EXCL | PPM_O_F_CREATED);
            assertThat(e.paramU32(4) & 0777).as("mode").isNotZero();
            assertThat(e.paramU64(6)).as("ino").isEqualTo((Long) Files.getAttribute(path, "unix:ino"));
            assertThat(Integer.toUnsignedLong(e.paramU32(5))).as("dev")
                    .isEqualTo((Long) Files.getAttribute(path, "unix:dev"));
            assertThat(e.tid()).isEqualTo(myTid());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            EventView e = await("second openat of " + path,
                    v -> v.type() == EventTypes.PPME_SYSCALL_OPENAT_2_X && path.toString().equals(v.paramString(2)));
            assertThat(e.paramU32(3)).as("existing file opened read-only").isEqualTo(PPM_O_RDONLY);
            assertThat(e.paramU32(4)).as("mode without O_CREAT").isZero();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Test
    void writeCarriesDataUpToSnaplen() throws Exception {
        capture("write");
        Path path = unique("write");
        byte[] payload = ("talon-" + UUID.randomUUID() + "-").repeat(4).getBytes(StandardCharsets.US_ASCII);
        assertThat(payload.length).isGreaterThan(ProbeOptions.DEFAULT_SNAPLEN);
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(payload);
        }
        byte[] head = Arrays.copyOf(payload, ProbeOptions.DEFAULT_SNAPLEN);
        EventView e = await("write of the payload", v -> v.type() == EventTypes.PPME_SYSCALL_WRITE_X
                && v.paramLength(1) == head.length
                && Arrays.equals(v.paramSlice(1).toArray(JAVA_BYTE), head));
        assertThat(e.paramAsLong(0)).as("res").isEqualTo(payload.length);
        assertThat(e.paramU32(3)).as("size").isEqualTo(payload.length);
        Files.deleteIfExists(path);
    }

    @Test
    void execveReportsTheNewImageWithItsArguments() throws Exception {
        capture("execve", "execveat");
        String token = "talon-" + UUID.randomUUID();
        Process p = new ProcessBuilder("/bin/true", token, "second").start();
        assertThat(p.waitFor()).isZero();
        byte[] args = (token + "\0second\0").getBytes(StandardCharsets.US_ASCII);
        EventView e = await("execve of /bin/true " + token, v -> v.type() == EventTypes.PPME_SYSCALL_EXECVE_19_X
                && v.paramLength(2) == args.length
                && Arrays.equals(v.paramSlice(2).toArray(JAVA_BYTE), args));
        assertThat(e.paramAsLong(0)).as("res").isZero();
        assertThat(e.paramString(1)).as("exe").isEqualTo("/bin/true");
        assertThat(e.paramAsLong(4)).as("pid").isEqualTo(p.pid());
        assertThat(e.paramAsLong(3)).as("tid").isEqualTo(p.pid());
        assertThat(e.paramString(13)).as("comm").isEqualTo("true");
        assertThat(e.paramString(30)).as("filename").isEqualTo("/bin/true");
        assertThat(e.paramU64(23)).as("exe_ino").isEqualTo((Long) Files.getAttribute(Path.of("/bin/true").toRealPath(), "unix:ino"));
        assertThat(e.paramLength(15)).as("env").isPositive();
        assertThat(e.paramString(27)).as("trusted_exepath: the real path, /bin resolved")
                .isEqualTo(Path.of("/bin/true").toRealPath().toString());

        EventView exit = await("procexit of " + p.pid(),
                v -> v.type() == EventTypes.PPME_PROCEXIT_1_E && v.tid() == p.pid());
        assertThat(exit.paramAsLong(0)).as("status").isZero();
        assertThat(exit.paramAsLong(1)).as("ret").isZero();
        assertThat(exit.paramU8(2)).as("sig").isZero();
        assertThat(exit.paramAsLong(4)).as("reaper_tid of a process without children").isZero();
    }

    /** A shell that exits while its child runs: reaper_tid names the task the kernel gave the child to. */
    @Test
    void procexitNamesTheReaperOfOrphanedChildren() throws Exception {
        capture("execve");
        Process sh = new ProcessBuilder("/bin/sh", "-c", "sleep 5 & echo $!; exit 0").start();
        long child = Long.parseLong(new String(sh.getInputStream().readNBytes(32), StandardCharsets.US_ASCII)
                .lines().findFirst().orElseThrow().strip());
        assertThat(sh.waitFor()).isZero();
        EventView exit = await("procexit of " + sh.pid(),
                v -> v.type() == EventTypes.PPME_PROCEXIT_1_E && v.tid() == sh.pid());
        long reaper = exit.paramAsLong(4);
        assertThat(reaper).as("reaper_tid").isPositive();
        // the kernel's own answer: the orphan's parent now (a tgid; the reaper may be any live thread of it)
        String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
        long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        long reaperTgid = Files.readAllLines(Path.of("/proc/" + reaper + "/status")).stream()
                .filter(l -> l.startsWith("Tgid:")).mapToLong(l -> Long.parseLong(l.substring(5).strip()))
                .findFirst().orElseThrow();
        assertThat(reaperTgid).as("tgid of reaper %d", reaper).isEqualTo(ppid);
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroy);
    }

    /**
     * execve and open flags name the overlayfs layer of the file (proc.is_exe_upper_layer, used by the stable
     * rule "Drop and execute new binary in container", and fd.is_upper_layer): one binary from the lower layer,
     * one written through the mount, each opened and executed.
     */
    @Test
    void execveAndOpenFlagsNameTheOverlayLayer() throws Exception {
        Path dir = Files.createTempDirectory("talon-ovl");
        Path lower = Files.createDirectories(dir.resolve("l")), upper = Files.createDirectories(dir.resolve("u"));
        Path work = Files.createDirectories(dir.resolve("w")), merged = Files.createDirectories(dir.resolve("m"));
        Files.copy(Path.of("/bin/true"), lower.resolve("lowexe"));
        Process mount = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(mount.waitFor() == 0, () -> "cannot mount overlayfs here: " + why);
        try {
            Files.copy(Path.of("/bin/true"), merged.resolve("upexe"));
            capture("execve", "openat");
            for (String name : new String[] {"lowexe", "upexe"}) {
                Path exe = merged.resolve(name);
                try (FileInputStream in = new FileInputStream(exe.toFile())) {
                    assertThat(in.read()).isPositive();
                }
                EventView open = await("openat of " + exe, v -> v.type() == EventTypes.PPME_SYSCALL_OPENAT_2_X
                        && exe.toString().equals(v.paramString(2)));
                assertThat(open.paramU32(3) & (PPM_FD_UPPER_LAYER | PPM_FD_LOWER_LAYER)).as("open flags of %s", name)
                        .isEqualTo(name.equals("upexe") ? PPM_FD_UPPER_LAYER : PPM_FD_LOWER_LAYER);
                assertThat(new ProcessBuilder(exe.toString()).start().waitFor()).isZero();
                EventView e = await("execve of " + exe, v -> v.type() == EventTypes.PPME_SYSCALL_EXECVE_19_X
                        && exe.toString().equals(v.paramString(30)));
                assertThat(e.paramU32(19) & (PPM_EXE_UPPER_LAYER | PPM_EXE_LOWER_LAYER)).as("layer flags of %s", name)
                        .isEqualTo(name.equals("upexe") ? PPM_EXE_UPPER_LAYER : PPM_EXE_LOWER_LAYER);
            }
        } finally {
            new ProcessBuilder("umount", merged.toString()).start().waitFor();
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void failedExecveReportsTheErrorAndTheAttemptedPath() throws Exception {
        capture("execve");
        String path = "/nonexistent/talon-" + UUID.randomUUID();
        try {
            new ProcessBuilder(path, "arg1").start().waitFor();
            fail("starting " + path + " should fail");
        } catch (IOException expected) {
            // the exec failed in the child, which is what the probe saw
        }
        EventView e = await("failed execve of " + path,
                v -> v.type() == EventTypes.PPME_SYSCALL_EXECVE_19_X && path.equals(v.paramString(30)));
        assertThat(e.paramAsLong(0)).as("res -ENOENT").isEqualTo(-2);
        assertThat(e.paramString(1)).as("exe = argv[0]").isEqualTo(path);
        assertThat(new String(e.paramSlice(2).toArray(JAVA_BYTE),
                StandardCharsets.US_ASCII)).isEqualTo("arg1\0");
    }

    @Test
    void tcpConnectAndAcceptCarryTheSocketTuple() throws Exception {
        capture("connect", "accept", "accept4");
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 50, lo); Socket client = new Socket()) {
            client.connect(server.getLocalSocketAddress());
            try (Socket accepted = server.accept()) {
                int sport = client.getLocalPort();
                int dport = server.getLocalPort();
                EventView c = await("connect to port " + dport, v -> v.type() == EventTypes.PPME_SOCKET_CONNECT_X
                        && isTuple(v, 1, sport, dport));
                assertThat(c.paramAsLong(0)).as("res").isIn(0L, -115L);
                assertLoopbackTuple(c, 1, sport, dport);
                assertThat(c.paramLength(3)).as("addr (AF_INET or v4-mapped AF_INET6)").isIn(7, 19);

                EventView a = await("accept from port " + sport, v -> (v.type() == EventTypes.PPME_SOCKET_ACCEPT4_6_X
                        || v.type() == EventTypes.PPME_SOCKET_ACCEPT_5_X) && isTuple(v, 1, sport, dport));
                assertThat(a.paramAsLong(0)).as("new fd").isNotNegative();
                assertLoopbackTuple(a, 1, sport, dport);
                assertThat(a.paramU32(4)).as("queuemax").isEqualTo(50);
            }
        }
    }

    /**
     * Whether parameter {@code param} is a client -> server tuple with these ports. The JDK uses
     * dual-stack AF_INET6 sockets unless told otherwise, so both layouts are accepted:
     * AF_INET sip@1 sport@5 dip@7 dport@11, AF_INET6 sip@1 sport@17 dip@19 dport@35.
     */
    private static boolean isTuple(EventView v, int param, int sport, int dport) {
        MemorySegment t = v.paramSlice(param);
        if (t.byteSize() == 13 && t.get(JAVA_BYTE, 0) == 2) {
            return port(t, 5) == sport && port(t, 11) == dport;
        }
        if (t.byteSize() == 37 && t.get(JAVA_BYTE, 0) == 10) {
            return port(t, 17) == sport && port(t, 35) == dport;
        }
        return false;
    }

    private static int port(MemorySegment t, long at) {
        return Short.toUnsignedInt(t.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, at));
    }

    private static void assertLoopbackTuple(EventView v, int param, int sport, int dport) {
        MemorySegment t = v.paramSlice(param);
        byte[] loopback4 = {127, 0, 0, 1};
        byte[] mapped6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        if (t.get(JAVA_BYTE, 0) == 2) {
            assertThat(t.asSlice(1, 4).toArray(JAVA_BYTE)).as("sip").isEqualTo(loopback4);
            assertThat(t.asSlice(7, 4).toArray(JAVA_BYTE)).as("dip").isEqualTo(loopback4);
        } else {
            assertThat(t.get(JAVA_BYTE, 0)).as("family").isEqualTo((byte) 10);
            assertThat(t.asSlice(1, 16).toArray(JAVA_BYTE)).as("sip").isEqualTo(mapped6);
            assertThat(t.asSlice(19, 16).toArray(JAVA_BYTE)).as("dip").isEqualTo(mapped6);
        }
        assertThat(isTuple(v, param, sport, dport)).as("ports %d -> %d", sport, dport).isTrue();
    }

    @Test
    void renameReportsBothPaths() throws Exception {
        capture("rename", "renameat", "renameat2");
        Path from = unique("from");
        Path to = unique("to");
        Files.writeString(from, "x");
        Files.move(from, to);
        EventView e = await("rename of " + from, v -> switch (v.type()) {
            case EventTypes.PPME_SYSCALL_RENAME_X -> from.toString().equals(v.paramString(1));
            case EventTypes.PPME_SYSCALL_RENAMEAT_X, EventTypes.PPME_SYSCALL_RENAMEAT2_X ->
                    from.toString().equals(v.paramString(2));
            default -> false;
        });
        assertThat(e.paramAsLong(0)).as("res").isZero();
        int newPath = e.type() == EventTypes.PPME_SYSCALL_RENAME_X ? 2 : 4;
        assertThat(e.paramString(newPath)).isEqualTo(to.toString());
        Files.deleteIfExists(to);
    }

    @Test
    void syscallWithoutFillerBecomesAGenericEvent() throws Exception {
        capture("getppid");
        long tid = myTid();
        assertThat(RawSyscall.call(NR_GETPPID)).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        EventView e = await("generic getppid", v -> v.type() == EventTypes.PPME_GENERIC_X && v.tid() == tid);
        assertThat(e.paramU16(1)).as("nativeID").isEqualTo(NR_GETPPID);
        assertThat(SyscallCodes.name(e.paramU16(0))).isEqualTo("getppid");
    }

    private static final int NR_GETPPID = 110, NR_MKDIR = 83, NR_RMDIR = 84, NR_LINK = 86, NR_SYMLINK = 88,
            NR_CHMOD = 90, NR_FCHMOD = 91, NR_MKDIRAT = 258, NR_LINKAT = 265, NR_SYMLINKAT = 266,
            NR_FCHMODAT = 268;

    /** The next event of this type from this thread whose string parameter {@code param} is {@code value}. */
    private static EventView awaitOwn(int type, int param, String value) throws Exception {
        long tid = myTid();
        return await(EventTypes.class.getSimpleName() + " " + type + " with " + value, v -> {
            if (v.type() == EventTypes.PPME_GENERIC_X && v.tid() == tid) {
                fail("generic event for native syscall " + v.paramU16(1) + " instead of type " + type);
            }
            return v.type() == type && v.tid() == tid && value.equals(v.paramString(param));
        });
    }

    @Test
    void directoryEventsCarryPathAndMode() throws Exception {
        capture("mkdir", "mkdirat", "rmdir");
        Path dir = unique("mkdir");
        Path dirAt = unique("mkdirat");
        try (Arena arena = Arena.ofConfined()) {
            assertThat(RawSyscall.call(NR_MKDIR, RawSyscall.str(arena, dir.toString()), 0750)).isZero();
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_MKDIR_2_X, 1, dir.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramU32(2)).as("mode").isEqualTo(0750);

            long dirfd = openDir(arena, "/tmp");
            String rel = dirAt.getFileName().toString();
            assertThat(RawSyscall.call(NR_MKDIRAT, dirfd, RawSyscall.str(arena, rel), 0701)).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_MKDIRAT_X, 2, rel);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("dirfd").isEqualTo(dirfd);
            assertThat(e.paramU32(3)).as("mode").isEqualTo(0701);
            RawSyscall.call(3 /* close */, dirfd);

            assertThat(RawSyscall.call(NR_RMDIR, RawSyscall.str(arena, dir.toString()))).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_RMDIR_2_X, 1, dir.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(RawSyscall.call(NR_RMDIR, RawSyscall.str(arena, dir.toString()))).isEqualTo(-2);
            e = awaitOwn(EventTypes.PPME_SYSCALL_RMDIR_2_X, 1, dir.toString());
            assertThat(e.paramAsLong(0)).as("res -ENOENT").isEqualTo(-2);
        } finally {
            Files.deleteIfExists(dir);
            Files.deleteIfExists(dirAt);
        }
    }

    private static long openDir(Arena arena, String path) {
        long fd = RawSyscall.call(257 /* openat */, RawSyscall.AT_FDCWD, RawSyscall.str(arena, path),
                0200000 /* O_DIRECTORY */);
        assertThat(fd).as("open " + path).isNotNegative();
        return fd;
    }

    @Test
    void linkEventsCarryBothPathsAndFlags() throws Exception {
        capture("symlink", "symlinkat", "link", "linkat");
        Path target = unique("target");
        Path sym = unique("symlink");
        Path symAt = unique("symlinkat");
        Path hard = unique("link");
        Path hardAt = unique("linkat");
        Files.writeString(target, "x");
        try (Arena arena = Arena.ofConfined()) {
            long targetPtr = RawSyscall.str(arena, target.toString());
            assertThat(RawSyscall.call(NR_SYMLINK, targetPtr, RawSyscall.str(arena, sym.toString()))).isZero();
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_SYMLINK_X, 2, sym.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramString(1)).as("target").isEqualTo(target.toString());

            long dirfd = openDir(arena, "/tmp");
            String rel = symAt.getFileName().toString();
            assertThat(RawSyscall.call(NR_SYMLINKAT, targetPtr, dirfd, RawSyscall.str(arena, rel))).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_SYMLINKAT_X, 3, rel);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramString(1)).as("target").isEqualTo(target.toString());
            assertThat(e.paramAsLong(2)).as("linkdirfd").isEqualTo(dirfd);

            assertThat(RawSyscall.call(NR_LINK, targetPtr, RawSyscall.str(arena, hard.toString()))).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_LINK_2_X, 2, hard.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramString(1)).as("oldpath").isEqualTo(target.toString());

            String relHard = hardAt.getFileName().toString();
            assertThat(RawSyscall.call(NR_LINKAT, RawSyscall.AT_FDCWD, RawSyscall.str(arena, sym.toString()), dirfd,
                    RawSyscall.str(arena, relHard), 0x400 /* AT_SYMLINK_FOLLOW */)).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_LINKAT_2_X, 4, relHard);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("olddir").isEqualTo(RawSyscall.AT_FDCWD);
            assertThat(e.paramString(2)).as("oldpath").isEqualTo(sym.toString());
            assertThat(e.paramAsLong(3)).as("newdir").isEqualTo(dirfd);
            assertThat(e.paramU32(5)).as("flags").isEqualTo(0x400);
            RawSyscall.call(3 /* close */, dirfd);
        } finally {
            for (Path p : new Path[] {target, sym, symAt, hard, hardAt}) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void chmodEventsCarryTheMode() throws Exception {
        capture("chmod", "fchmod", "fchmodat");
        Path file = unique("chmod");
        Files.writeString(file, "x");
        try (Arena arena = Arena.ofConfined()) {
            assertThat(RawSyscall.call(NR_CHMOD, RawSyscall.str(arena, file.toString()), 04755)).isZero();
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_CHMOD_X, 1, file.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramU32(2)).as("mode").isEqualTo(04755);

            long dirfd = openDir(arena, "/tmp");
            String rel = file.getFileName().toString();
            assertThat(RawSyscall.call(NR_FCHMODAT, dirfd, RawSyscall.str(arena, rel), 0640)).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_FCHMODAT_X, 2, rel);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("dirfd").isEqualTo(dirfd);
            assertThat(e.paramU32(3)).as("mode").isEqualTo(0640);
            RawSyscall.call(3 /* close */, dirfd);

            long tid = myTid();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long fd = fdOf(file);
                assertThat(RawSyscall.call(NR_FCHMOD, fd, 01600)).isZero();
                e = await("fchmod of fd " + fd, v -> v.type() == EventTypes.PPME_SYSCALL_FCHMOD_X
                        && v.tid() == tid && v.paramAsLong(1) == fd);
                assertThat(e.paramAsLong(0)).as("res").isZero();
                assertThat(e.paramU32(2)).as("mode").isEqualTo(01600);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final int NR_KILL = 62, NR_WAIT4 = 61, NR_PTRACE = 101, NR_MOUNT = 165, NR_UMOUNT2 = 166,
            NR_UNSHARE = 272, NR_SETNS = 308, NR_MEMFD_CREATE = 319;
    private static final int H_CLONE_NEWUTS = 0x04000000, PPM_CL_CLONE_NEWUTS = 1 << 7;

    @Test
    void namespaceEventsCarryTranslatedFlags() throws Exception {
        capture("setns", "unshare");
        long tid = myTid();
        try (Arena arena = Arena.ofConfined()) {
            long fd = RawSyscall.call(257 /* openat */, RawSyscall.AT_FDCWD,
                    RawSyscall.str(arena, "/proc/thread-self/ns/uts"), 02000000 /* O_CLOEXEC */);
            assertThat(fd).isNotNegative();
            // joining the namespace this thread is already in: allowed to root, changes nothing
            assertThat(RawSyscall.call(NR_SETNS, fd, H_CLONE_NEWUTS)).isZero();
            RawSyscall.call(3 /* close */, fd);
            EventView e = await("setns", v -> v.type() == EventTypes.PPME_SYSCALL_SETNS_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(2)).as("nstype").isEqualTo(PPM_CL_CLONE_NEWUTS);
        }
        Process p = new ProcessBuilder("unshare", "--uts", "/bin/true").start();
        assertThat(p.waitFor()).as("unshare --uts /bin/true").isZero();
        EventView e = await("unshare of " + p.pid(), v -> v.type() == EventTypes.PPME_SYSCALL_UNSHARE_X
                && v.tid() == p.pid());
        assertThat(e.paramAsLong(0)).as("res").isZero();
        assertThat(e.paramU32(1)).as("flags").isEqualTo(PPM_CL_CLONE_NEWUTS);
    }

    @Test
    void memfdCreateReportsNameAndFlags() throws Exception {
        capture("memfd_create");
        String name = "talon-" + UUID.randomUUID();
        try (Arena arena = Arena.ofConfined()) {
            long fd = RawSyscall.call(NR_MEMFD_CREATE, RawSyscall.str(arena, name), 3 /* CLOEXEC|ALLOW_SEALING */);
            assertThat(fd).isNotNegative();
            RawSyscall.call(3 /* close */, fd);
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_MEMFD_CREATE_X, 1, name);
            assertThat(e.paramAsLong(0)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(2)).as("flags").isEqualTo(3);
        }
    }

    @Test
    void ptraceReportsRequestPidAndDynamicParams() throws Exception {
        capture("ptrace");
        // A process that is not the JVM's child, so the JDK's reaper never sees its ptrace stops.
        Process sh = new ProcessBuilder("sh", "-c", "sleep 120 >/dev/null 2>&1 </dev/null & echo $!").start();
        long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertThat(sh.waitFor()).isZero();
        long tid = myTid();
        try (Arena arena = Arena.ofConfined()) {
            assertThat(RawSyscall.call(NR_PTRACE, 16 /* PTRACE_ATTACH */, pid, 0x1234, 0x5678)).isZero();
            EventView e = await("ptrace attach", v -> v.type() == EventTypes.PPME_SYSCALL_PTRACE_X && v.tid() == tid
                    && v.paramAsLong(4) == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramU16(3)).as("request PPM_PTRACE_ATTACH").isEqualTo(11);
            assertDyn(e, 1, 0, 0x1234);
            assertDyn(e, 2, 0, 0x5678);

            // The attach stops the tracee; a detach is only accepted once that stop is waited for.
            MemorySegment status = arena.allocate(4);
            assertThat(RawSyscall.call(NR_WAIT4, pid, status.address(), 0x40000000 /* __WALL */, 0)).isEqualTo(pid);
            assertThat(RawSyscall.call(NR_PTRACE, 17 /* PTRACE_DETACH */, pid, 0, 0)).isZero();
            e = await("ptrace detach", v -> v.type() == EventTypes.PPME_SYSCALL_PTRACE_X && v.tid() == tid
                    && v.paramU16(3) == 12);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(4)).as("pid").isEqualTo(pid);
            assertThat(e.paramSlice(2).toArray(JAVA_BYTE)).as("data: PT_SIGTYPE 0").isEqualTo(new byte[] {1, 0});

            long self = ProcessHandle.current().pid();
            long res = RawSyscall.call(NR_PTRACE, 2 /* PTRACE_PEEKDATA */, self, 0x10, 0x20);
            assertThat(res).as("peek at a process this thread does not trace").isNegative();
            e = await("failed ptrace peekdata", v -> v.type() == EventTypes.PPME_SYSCALL_PTRACE_X && v.tid() == tid
                    && v.paramU16(3) == 3);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramAsLong(4)).as("pid").isEqualTo(self);
            assertDyn(e, 1, 0, 0);
            assertDyn(e, 2, 0, 0);
        } finally {
            RawSyscall.call(NR_KILL, pid, 9);
        }
    }

    private static void assertDyn(EventView e, int param, int index, long value) {
        MemorySegment d = e.paramSlice(param);
        assertThat(d.byteSize()).as("PT_DYN length of param %d", param).isEqualTo(9);
        assertThat(d.get(JAVA_BYTE, 0)).as("PT_DYN index of param %d", param).isEqualTo((byte) index);
        assertThat(d.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 1)).as("value of param %d", param)
                .isEqualTo(value);
    }

    @Test
    void mountAndUmount2ReportDeviceDirTypeAndFlags() throws Exception {
        capture("mount", "umount2");
        Path dir = unique("mnt");
        Files.createDirectory(dir);
        String dev = "talon-" + UUID.randomUUID();
        try (Arena arena = Arena.ofConfined()) {
            long dirPtr = RawSyscall.str(arena, dir.toString());
            long flags = 0xC0ED0000L | 2 /* MS_NOSUID */ | 4 /* MS_NODEV */;
            long res = RawSyscall.call(NR_MOUNT, RawSyscall.str(arena, dev), dirPtr, RawSyscall.str(arena, "tmpfs"),
                    flags, 0);
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_MOUNT_X, 1, dev);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramString(2)).as("dir").isEqualTo(dir.toString());
            assertThat(e.paramString(3)).as("type").isEqualTo("tmpfs");
            assertThat(e.paramU32(4)).as("flags without MS_MGC_VAL").isEqualTo(6);
            long ures = RawSyscall.call(NR_UMOUNT2, dirPtr, 2 /* MNT_DETACH */);
            if (res == 0) {
                assertThat(ures).isZero();
            }
            e = awaitOwn(EventTypes.PPME_SYSCALL_UMOUNT2_X, 1, dir.toString());
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(ures);
            assertThat(e.paramU32(2)).as("flags").isEqualTo(2);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static final int NR_DUP = 32, NR_DUP2 = 33, NR_DUP3 = 292, NR_INIT_MODULE = 175, NR_FINIT_MODULE = 313;

    @Test
    void dupFamilyReportsOldAndNewFd() throws Exception {
        capture("dup", "dup2", "dup3");
        long tid = myTid();
        Path file = unique("dup");
        Files.writeString(file, "x");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fd = fdOf(file);
            long d1 = RawSyscall.call(NR_DUP, fd);
            assertThat(d1).isNotNegative();
            // the JDK dups descriptors of its own (directory streams): match on this one
            EventView e = await("dup", v -> v.type() == EventTypes.PPME_SYSCALL_DUP_1_X && v.tid() == tid
                    && v.paramAsLong(0) == d1);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(d1);
            assertThat(e.paramAsLong(1)).as("oldfd").isEqualTo(fd);

            long target = d1 + 100;
            assertThat(RawSyscall.call(NR_DUP2, fd, target)).isEqualTo(target);
            e = await("dup2", v -> v.type() == EventTypes.PPME_SYSCALL_DUP2_X && v.tid() == tid
                    && v.paramAsLong(0) == target);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(target);
            assertThat(e.paramAsLong(1)).as("oldfd").isEqualTo(fd);
            assertThat(e.paramAsLong(2)).as("newfd").isEqualTo(target);

            assertThat(RawSyscall.call(NR_DUP3, fd, target + 1, 02000000 /* O_CLOEXEC */)).isEqualTo(target + 1);
            e = await("dup3", v -> v.type() == EventTypes.PPME_SYSCALL_DUP3_X && v.tid() == tid
                    && v.paramAsLong(0) == target + 1);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(target + 1);
            assertThat(e.paramAsLong(1)).as("oldfd").isEqualTo(fd);
            assertThat(e.paramAsLong(2)).as("newfd").isEqualTo(target + 1);
            assertThat(e.paramU32(3)).as("flags PPM_O_CLOEXEC").isEqualTo(1 << 12);
            for (long d : new long[] {d1, target, target + 1}) {
                RawSyscall.call(3 /* close */, d);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Invalid modules only: the kernel rejects them before anything is loaded. */
    @Test
    void moduleLoadingReportsImageArgsAndFlags() throws Exception {
        capture("init_module", "finit_module");
        long tid = myTid();
        String uargs = "talon=" + UUID.randomUUID();
        byte[] junk = "not an ELF module".getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocateFrom(JAVA_BYTE, junk);
            long res = RawSyscall.call(NR_INIT_MODULE, image.address(), junk.length, RawSyscall.str(arena, uargs));
            assertThat(res).as("init_module of junk").isNegative();
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_INIT_MODULE_X, 3, uargs);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("img").isEqualTo(junk);
            assertThat(e.paramU64(2)).as("length").isEqualTo(junk.length);

            long bad = 1_000_000;
            res = RawSyscall.call(NR_FINIT_MODULE, bad, RawSyscall.str(arena, uargs), 2 /* IGNORE_VERMAGIC */);
            assertThat(res).as("finit_module of a closed fd (EBADF, or ENOSYS without module support)").isIn(-9L, -38L);
            e = awaitOwn(EventTypes.PPME_SYSCALL_FINIT_MODULE_X, 2, uargs);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(bad);
            assertThat(e.paramU32(3)).as("flags").isEqualTo(2);
        }
    }

    private static final int NR_SOCKET = 41, NR_SENDTO = 44, NR_SENDMSG = 46, NR_GETSOCKNAME = 51;

    /** An unconnected UDP socket: the tuple's destination comes from the address passed to the call. */
    @Test
    void udpSendtoAndSendmsgCarryDataSizeAndTheDestination() throws Exception {
        capture("sendto", "sendmsg");
        long tid = myTid();
        try (java.net.DatagramSocket receiver = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             Arena arena = Arena.ofConfined()) {
            int dport = receiver.getLocalPort();
            long fd = RawSyscall.call(NR_SOCKET, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
            assertThat(fd).isNotNegative();
            try {
                MemorySegment to = arena.allocate(16);
                to.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) 2);
                to.set(JAVA_BYTE, 2, (byte) (dport >> 8));
                to.set(JAVA_BYTE, 3, (byte) dport);
                to.asSlice(4, 4).copyFrom(MemorySegment.ofArray(new byte[] {127, 0, 0, 1}));

                byte[] payload = ("talon-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
                MemorySegment buf = arena.allocateFrom(JAVA_BYTE, payload);
                assertThat(RawSyscall.call(NR_SENDTO, fd, buf.address(), payload.length, 0, to.address(), 16))
                        .isEqualTo(payload.length);
                int sport = localPort(arena, fd);
                EventView e = await("sendto", v -> v.type() == EventTypes.PPME_SOCKET_SENDTO_X && v.tid() == tid
                        && v.paramAsLong(2) == fd);
                assertThat(e.paramAsLong(0)).as("res").isEqualTo(payload.length);
                assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(payload);
                assertThat(e.paramU32(3)).as("size").isEqualTo(payload.length);
                assertUnboundUdpTuple(e, sport, dport);

                byte[] a = "first-iovec|".getBytes(StandardCharsets.US_ASCII);
                byte[] b = ("second-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
                MemorySegment iov = arena.allocate(32, 8);
                iov.set(JAVA_LONG, 0, arena.allocateFrom(JAVA_BYTE, a).address());
                iov.set(JAVA_LONG, 8, a.length);
                iov.set(JAVA_LONG, 16, arena.allocateFrom(JAVA_BYTE, b).address());
                iov.set(JAVA_LONG, 24, b.length);
                MemorySegment msg = arena.allocate(56, 8);
                msg.set(JAVA_LONG, 0, to.address());
                msg.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, 16);
                msg.set(JAVA_LONG, 16, iov.address());
                msg.set(JAVA_LONG, 24, 2);
                int total = a.length + b.length;
                assertThat(RawSyscall.call(NR_SENDMSG, fd, msg.address(), 0)).isEqualTo(total);
                e = await("sendmsg", v -> v.type() == EventTypes.PPME_SOCKET_SENDMSG_X && v.tid() == tid
                        && v.paramAsLong(2) == fd);
                assertThat(e.paramAsLong(0)).as("res").isEqualTo(total);
                byte[] both = Arrays.copyOf(a, total);
                System.arraycopy(b, 0, both, a.length, b.length);
                assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data of both iovecs")
                        .isEqualTo(Arrays.copyOf(both, Math.min(total, ProbeOptions.DEFAULT_SNAPLEN)));
                assertThat(e.paramU32(3)).as("size").isEqualTo(total);
                assertUnboundUdpTuple(e, sport, dport);
            } finally {
                RawSyscall.call(3 /* close */, fd);
            }
        }
    }

    /** The socket was bound implicitly to 0.0.0.0:sport by the first send; the peer is the address given. */
    private static void assertUnboundUdpTuple(EventView e, int sport, int dport) {
        MemorySegment t = e.paramSlice(4);
        assertThat(t.byteSize()).as("AF_INET tuple").isEqualTo(13);
        assertThat(t.get(JAVA_BYTE, 0)).as("family").isEqualTo((byte) 2);
        assertThat(t.asSlice(1, 4).toArray(JAVA_BYTE)).as("sip").isEqualTo(new byte[] {0, 0, 0, 0});
        assertThat(port(t, 5)).as("sport").isEqualTo(sport);
        assertThat(t.asSlice(7, 4).toArray(JAVA_BYTE)).as("dip").isEqualTo(new byte[] {127, 0, 0, 1});
        assertThat(port(t, 11)).as("dport").isEqualTo(dport);
    }

    private static final int NR_RECVFROM = 45, NR_RECVMSG = 47, NR_BIND = 49;

    /** A raw UDP socket bound to loopback receives from a JDK socket: the tuple reads sender -> receiver. */
    @Test
    void udpRecvfromAndRecvmsgCarryDataSizeAndTheSender() throws Exception {
        capture("recvfrom", "recvmsg");
        long tid = myTid();
        try (java.net.DatagramSocket sender = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             Arena arena = Arena.ofConfined()) {
            long fd = RawSyscall.call(NR_SOCKET, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
            assertThat(fd).isNotNegative();
            try {
                MemorySegment here = arena.allocate(16);
                here.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) 2);
                here.asSlice(4, 4).copyFrom(MemorySegment.ofArray(new byte[] {127, 0, 0, 1}));
                assertThat(RawSyscall.call(NR_BIND, fd, here.address(), 16)).isZero();
                int port = localPort(arena, fd);
                int sport = sender.getLocalPort();

                byte[] payload = ("talon-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
                sender.send(new java.net.DatagramPacket(payload, payload.length, InetAddress.getByName("127.0.0.1"), port));
                MemorySegment buf = arena.allocate(256);
                MemorySegment from = arena.allocate(16);
                MemorySegment fromLen = arena.allocate(4);
                fromLen.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 16);
                assertThat(RawSyscall.call(NR_RECVFROM, fd, buf.address(), 256, 0, from.address(), fromLen.address()))
                        .isEqualTo(payload.length);
                EventView e = await("recvfrom", v -> v.type() == EventTypes.PPME_SOCKET_RECVFROM_X && v.tid() == tid
                        && v.paramAsLong(3) == fd);
                assertThat(e.paramAsLong(0)).as("res").isEqualTo(payload.length);
                assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(payload);
                assertLoopbackTuple(e, 2, sport, port);
                assertThat(e.paramU32(4)).as("size").isEqualTo(256);

                sender.send(new java.net.DatagramPacket(payload, payload.length, InetAddress.getByName("127.0.0.1"), port));
                MemorySegment iov = arena.allocate(32, 8);
                iov.set(JAVA_LONG, 0, buf.address());
                iov.set(JAVA_LONG, 8, 5);
                iov.set(JAVA_LONG, 16, buf.address() + 5);
                iov.set(JAVA_LONG, 24, 100);
                MemorySegment msg = arena.allocate(56, 8);
                msg.set(JAVA_LONG, 0, from.address());
                msg.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, 16);
                msg.set(JAVA_LONG, 16, iov.address());
                msg.set(JAVA_LONG, 24, 2);
                assertThat(RawSyscall.call(NR_RECVMSG, fd, msg.address(), 0)).isEqualTo(payload.length);
                e = await("recvmsg", v -> v.type() == EventTypes.PPME_SOCKET_RECVMSG_X && v.tid() == tid
                        && v.paramAsLong(5) == fd);
                assertThat(e.paramAsLong(0)).as("res").isEqualTo(payload.length);
                assertThat(e.paramU32(1)).as("size").isEqualTo(105);
                assertThat(e.paramSlice(2).toArray(JAVA_BYTE)).as("data across both iovecs").isEqualTo(payload);
                assertLoopbackTuple(e, 3, sport, port);
                assertThat(e.paramLength(4)).as("msgcontrol").isZero();
            } finally {
                RawSyscall.call(3 /* close */, fd);
            }
        }
    }

    private static final int NR_PREAD64 = 17, NR_PWRITE64 = 18, NR_READV = 19, NR_WRITEV = 20, NR_SHUTDOWN = 48,
            NR_LISTEN = 50, NR_CHOWN = 92, NR_FCHOWN = 93, NR_LCHOWN = 94, NR_FCHOWNAT = 260;

    @Test
    void chownFamilyReportsOwnerGroupAndFlags() throws Exception {
        capture("chown", "lchown", "fchown", "fchownat");
        long tid = myTid();
        Path file = unique("chown");
        Files.writeString(file, "x");
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long path = RawSyscall.str(arena, file.toString());
            assertThat(RawSyscall.call(NR_CHOWN, path, 1234, 2345)).isZero();
            EventView e = awaitOwn(EventTypes.PPME_SYSCALL_CHOWN_X, 1, file.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramU32(2)).as("uid").isEqualTo(1234);
            assertThat(e.paramU32(3)).as("gid").isEqualTo(2345);

            assertThat(RawSyscall.call(NR_LCHOWN, path, 1235, 2346)).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_LCHOWN_X, 1, file.toString());
            assertThat(e.paramU32(2)).as("uid").isEqualTo(1235);
            assertThat(e.paramU32(3)).as("gid").isEqualTo(2346);

            long fd = fdOf(file);
            assertThat(RawSyscall.call(NR_FCHOWN, fd, 1236, 2347)).isZero();
            e = await("fchown", v -> v.type() == EventTypes.PPME_SYSCALL_FCHOWN_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(2)).as("uid").isEqualTo(1236);
            assertThat(e.paramU32(3)).as("gid").isEqualTo(2347);

            assertThat(RawSyscall.call(NR_FCHOWNAT, RawSyscall.AT_FDCWD, path, 1237, 2348,
                    0x100 /* AT_SYMLINK_NOFOLLOW */)).isZero();
            e = awaitOwn(EventTypes.PPME_SYSCALL_FCHOWNAT_X, 2, file.toString());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("dirfd").isEqualTo(RawSyscall.AT_FDCWD);
            assertThat(e.paramU32(3)).as("uid").isEqualTo(1237);
            assertThat(e.paramU32(4)).as("gid").isEqualTo(2348);
            assertThat(e.paramU32(5)).as("flags PPM_AT_SYMLINK_NOFOLLOW").isEqualTo(0x400);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void positionalAndVectorIoCarryDataSizeAndPosition() throws Exception {
        capture("pread64", "pwrite64", "readv", "writev");
        long tid = myTid();
        Path file = unique("pio");
        Files.writeString(file, "");
        byte[] a = ("talon-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fd = fdOf(file);
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, a);
            assertThat(RawSyscall.call(NR_PWRITE64, fd, buf.address(), a.length, 7)).isEqualTo(a.length);
            EventView e = await("pwrite64", v -> v.type() == EventTypes.PPME_SYSCALL_PWRITE_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(a.length);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(a);
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(3)).as("size").isEqualTo(a.length);
            assertThat(e.paramU64(4)).as("pos").isEqualTo(7);

            MemorySegment in = arena.allocate(64);
            assertThat(RawSyscall.call(NR_PREAD64, fd, in.address(), 64, 7)).isEqualTo(a.length);
            e = await("pread64", v -> v.type() == EventTypes.PPME_SYSCALL_PREAD_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(a.length);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(a);
            assertThat(e.paramU32(3)).as("size").isEqualTo(64);
            assertThat(e.paramU64(4)).as("pos").isEqualTo(7);

            MemorySegment iov = arena.allocate(32, 8);
            iov.set(JAVA_LONG, 0, buf.address());
            iov.set(JAVA_LONG, 8, 6);
            iov.set(JAVA_LONG, 16, buf.address() + 6);
            iov.set(JAVA_LONG, 24, a.length - 6);
            assertThat(RawSyscall.call(NR_WRITEV, fd, iov.address(), 2)).isEqualTo(a.length);
            e = await("writev", v -> v.type() == EventTypes.PPME_SYSCALL_WRITEV_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(a.length);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(a);
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(3)).as("size").isEqualTo(a.length);

            long rfd = RawSyscall.call(257 /* openat */, RawSyscall.AT_FDCWD, RawSyscall.str(arena, file.toString()), 0);
            assertThat(rfd).isNotNegative();
            MemorySegment riov = arena.allocate(32, 8);
            riov.set(JAVA_LONG, 0, in.address());
            riov.set(JAVA_LONG, 8, 3);
            riov.set(JAVA_LONG, 16, in.address() + 3);
            riov.set(JAVA_LONG, 24, 4);
            assertThat(RawSyscall.call(NR_READV, rfd, riov.address(), 2)).isEqualTo(7);
            e = await("readv", v -> v.type() == EventTypes.PPME_SYSCALL_READV_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(7);
            assertThat(e.paramU32(1)).as("size").isEqualTo(7);
            assertThat(e.paramSlice(2).toArray(JAVA_BYTE)).as("data: what writev put at offset 0")
                    .isEqualTo(Arrays.copyOf(a, 7));
            assertThat(e.paramAsLong(3)).as("fd").isEqualTo(rfd);
            RawSyscall.call(3 /* close */, rfd);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void listenAndShutdownReportFdBacklogAndHow() throws Exception {
        capture("listen", "shutdown");
        long tid = myTid();
        long fd = RawSyscall.call(NR_SOCKET, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
        assertThat(fd).isNotNegative();
        try {
            assertThat(RawSyscall.call(NR_LISTEN, fd, 17)).isZero();
            EventView e = await("listen", v -> v.type() == EventTypes.PPME_SOCKET_LISTEN_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(2)).as("backlog").isEqualTo(17);

            long res = RawSyscall.call(NR_SHUTDOWN, fd, 2 /* SHUT_RDWR */);
            e = await("shutdown", v -> v.type() == EventTypes.PPME_SOCKET_SHUTDOWN_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(fd);
            assertThat(e.paramU8(2)).as("how").isEqualTo(2);
        } finally {
            RawSyscall.call(3 /* close */, fd);
        }
    }

    private static final int NR_MPROTECT = 10, NR_CAPSET = 126, NR_PRCTL = 157, NR_BPF = 321;

    @Test
    void mprotectBpfCapsetAndPrctlCarryTheirArguments() throws Exception {
        capture("mprotect", "bpf", "capset", "prctl");
        long tid = myTid();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096, 4096);
            assertThat(RawSyscall.call(NR_MPROTECT, page.address(), 4096, 3 /* PROT_READ|PROT_WRITE */)).isZero();
            EventView e = await("mprotect", v -> v.type() == EventTypes.PPME_SYSCALL_MPROTECT_X && v.tid() == tid
                    && v.paramU64(1) == page.address());
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramU64(2)).as("length").isEqualTo(4096);
            assertThat(e.paramU32(3)).as("prot").isEqualTo(3);

            long res = RawSyscall.call(NR_BPF, 999, 0, 0);
            assertThat(res).as("bpf with an unknown command").isNegative();
            e = await("bpf", v -> v.type() == EventTypes.PPME_SYSCALL_BPF_2_X && v.tid() == tid
                    && v.paramU32(1) == 999);
            assertThat(e.paramAsLong(0)).as("fd (res)").isEqualTo(res);

            // capset with a bad header version fails and changes nothing: the event shows the sets in force
            MemorySegment header = arena.allocate(8);
            header.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 0x12345678);
            MemorySegment data = arena.allocate(24);
            res = RawSyscall.call(NR_CAPSET, header.address(), data.address());
            assertThat(res).isNegative();
            e = await("capset", v -> v.type() == EventTypes.PPME_SYSCALL_CAPSET_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(res);
            assertThat(e.paramU64(1)).as("cap_inheritable").isEqualTo(capSet("CapInh"));
            assertThat(e.paramU64(2)).as("cap_permitted").isEqualTo(capSet("CapPrm"));
            assertThat(e.paramU64(3)).as("cap_effective").isEqualTo(capSet("CapEff"));

            MemorySegment name = arena.allocate(16);
            assertThat(RawSyscall.call(NR_PRCTL, 16 /* PR_GET_NAME */, name.address())).isZero();
            String comm = name.getString(0);
            e = await("prctl PR_GET_NAME", v -> v.type() == EventTypes.PPME_SYSCALL_PRCTL_X && v.tid() == tid
                    && v.paramU32(1) == 16);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramString(2)).as("arg2_str").isEqualTo(comm);
            assertThat(e.paramLength(3)).as("arg2_int").isZero();

            MemorySegment flag = arena.allocate(4);
            assertThat(RawSyscall.call(NR_PRCTL, 37 /* PR_GET_CHILD_SUBREAPER */, flag.address())).isZero();
            e = await("prctl PR_GET_CHILD_SUBREAPER", v -> v.type() == EventTypes.PPME_SYSCALL_PRCTL_X
                    && v.tid() == tid && v.paramU32(1) == 37);
            assertThat(e.paramAsLong(3)).as("arg2_int").isEqualTo(flag.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
            assertThat(e.paramLength(2)).as("arg2_str").isZero();
        }
    }

    private static final int NR_MMAP = 9, NR_MUNMAP = 11, NR_SOCKETPAIR = 53;

    @Test
    void mmapAndSocketpairCarryTheirArguments() throws Exception {
        capture("mmap", "socketpair");
        long tid = myTid();
        long len = 3 * 4096;
        long addr = RawSyscall.call(NR_MMAP, 0, len, 1 /* PROT_READ */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        assertThat(addr).isPositive();
        RawSyscall.call(NR_MUNMAP, addr, len);
        EventView e = await("mmap", v -> v.type() == EventTypes.PPME_SYSCALL_MMAP_X && v.tid() == tid
                && v.paramAsLong(0) == addr);
        assertThat(e.paramU32(1)).as("vm_size").isPositive();
        assertThat(e.paramU64(4)).as("addr hint").isZero();
        assertThat(e.paramU64(5)).as("length").isEqualTo(len);
        assertThat(e.paramU32(6)).as("prot PPM_PROT_READ").isEqualTo(1);
        assertThat(e.paramU32(7)).as("flags PPM_MAP_PRIVATE|PPM_MAP_ANONYMOUS").isEqualTo(2 | 8);
        assertThat(e.paramAsLong(8)).as("fd").isEqualTo(-1);
        assertThat(e.paramU64(9)).as("offset").isZero();

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(8);
            assertThat(RawSyscall.call(NR_SOCKETPAIR, 1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, sv.address())).isZero();
            long fd1 = sv.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
            long fd2 = sv.get(java.lang.foreign.ValueLayout.JAVA_INT, 4);
            e = await("socketpair", v -> v.type() == EventTypes.PPME_SOCKET_SOCKETPAIR_X && v.tid() == tid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd1").isEqualTo(fd1);
            assertThat(e.paramAsLong(2)).as("fd2").isEqualTo(fd2);
            assertThat(e.paramU64(3)).as("source").isNotZero();
            assertThat(e.paramU64(4)).as("peer").isNotZero().isNotEqualTo(e.paramU64(3));
            assertThat(e.paramU32(5)).as("domain").isEqualTo(1);
            assertThat(e.paramU32(6)).as("type").isEqualTo(1);
            assertThat(e.paramU32(7)).as("proto").isZero();
            RawSyscall.call(3 /* close */, fd1);
            RawSyscall.call(3 /* close */, fd2);
        }
    }

    private static long capSet(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith(key + ":")).map(l -> Long.parseUnsignedLong(l.substring(key.length() + 1).strip(), 16))
                .findFirst().orElseThrow();
    }

    private static int localPort(Arena arena, long fd) {
        MemorySegment addr = arena.allocate(16);
        MemorySegment len = arena.allocate(4);
        len.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 16);
        assertThat(RawSyscall.call(NR_GETSOCKNAME, fd, addr.address(), len.address())).isZero();
        return ((addr.get(JAVA_BYTE, 2) & 0xff) << 8) | (addr.get(JAVA_BYTE, 3) & 0xff);
    }

    /**
     * A 32-bit program's calls (int 0x80: ia32 numbers and registers) are reported as the x86_64 events
     * of the same syscalls, with their arguments read from the ia32 registers and 32-bit user structures
     * (the iovec of writev), the split 64-bit position of pread64 put back together, and the socket
     * calls a socketcall carries unpacked into their own events.
     */
    @Test
    void ia32CallsAreReportedAsTheirNativeEvents() throws Exception {
        capture("open", "write", "writev", "pread64", "close", "socket", "connect");
        Path dir = Files.createDirectory(unique("ia32"));
        Path out = dir.resolve("out");
        Path exe = dir.resolve("talon-ia32");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Files.write(exe, Ia32Program.fileAndSocketCalls(out.toString(), server.getLocalPort()));
            assertThat(exe.toFile().setExecutable(true)).isTrue();
            Process p = new ProcessBuilder(exe.toString()).start();
            assumeTrue(p.waitFor() == 0 && Files.exists(out), "this kernel does not run ia32 programs");
            long pid = p.pid();
            EventView e = await("ia32 open of " + out,
                    v -> v.type() == EventTypes.PPME_SYSCALL_OPEN_X && out.toString().equals(v.paramString(1)));
            long fd = e.paramAsLong(0);
            assertThat(fd).as("fd").isGreaterThanOrEqualTo(3);
            assertThat(e.tid()).isEqualTo(pid);
            assertThat(e.paramU32(2)).as("flags").isEqualTo(PPM_O_WRONLY | PPM_O_CREAT | PPM_O_TRUNC | PPM_O_F_CREATED);
            assertThat(e.paramU32(3)).as("mode").isEqualTo(0644);
            assertThat(e.paramU64(5)).as("ino").isEqualTo((Long) Files.getAttribute(out, "unix:ino"));
            byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
            e = await("ia32 write", v -> v.type() == EventTypes.PPME_SYSCALL_WRITE_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(2);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data").isEqualTo(hi);
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(3)).as("size").isEqualTo(2);
            e = await("ia32 writev", v -> v.type() == EventTypes.PPME_SYSCALL_WRITEV_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isEqualTo(2);
            assertThat(e.paramSlice(1).toArray(JAVA_BYTE)).as("data through a 32-bit iovec").isEqualTo(hi);
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(fd);
            assertThat(e.paramU32(3)).as("size").isEqualTo(2);
            e = await("ia32 pread64", v -> v.type() == EventTypes.PPME_SYSCALL_PREAD_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res EBADF").isEqualTo(-9);
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(fd);
            assertThat(e.paramU64(4)).as("pos from its two halves").isEqualTo(Ia32Program.PREAD_POS);
            e = await("ia32 close", v -> v.type() == EventTypes.PPME_SYSCALL_CLOSE_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd").isEqualTo(fd);
            assertThat(Files.readString(out)).isEqualTo("hihi");
            e = await("ia32 socketcall(SYS_SOCKET)", v -> v.type() == EventTypes.PPME_SOCKET_SOCKET_X && v.tid() == pid);
            long sock = e.paramAsLong(0);
            assertThat(sock).as("fd").isNotNegative();
            assertThat(e.paramU32(1)).as("domain AF_INET").isEqualTo(2);
            assertThat(e.paramU32(2) & 0xF).as("type SOCK_STREAM").isEqualTo(1);
            int dport = server.getLocalPort();
            e = await("ia32 socketcall(SYS_CONNECT)", v -> v.type() == EventTypes.PPME_SOCKET_CONNECT_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(2)).as("fd").isEqualTo(sock);
            MemorySegment tuple = e.paramSlice(1);
            assertThat(tuple.byteSize()).as("AF_INET tuple").isEqualTo(13);
            assertThat(port(tuple, 5)).as("source port").isNotZero();
            assertThat(port(tuple, 11)).as("destination port").isEqualTo(dport);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(exe);
            Files.deleteIfExists(dir);
        }
    }

    /** Descriptors other than files and sockets: pipes, eventfd, epoll, pidfd, and fcntl's duplicates. */
    @Test
    void pipeEventfdEpollPidfdAndFcntlReportTheirDescriptors() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is missing");
        capture("pipe2", "eventfd2", "epoll_create1", "pidfd_open", "fcntl");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import os, fcntl, select; r, w = os.pipe2(os.O_CLOEXEC); "
                + "e = os.eventfd(7, os.EFD_CLOEXEC); fcntl.fcntl(r, fcntl.F_DUPFD, 100); select.epoll(); "
                + "os.pidfd_open(os.getpid())").start();
        assertThat(p.waitFor()).isZero();
        long pid = p.pid();
        EventView e = await("pipe2", v -> v.type() == EventTypes.PPME_SYSCALL_PIPE2_X && v.tid() == pid && v.paramAsLong(0) == 0);
        long r = e.paramAsLong(1);
        assertThat(r).as("read end").isGreaterThanOrEqualTo(3);
        assertThat(e.paramAsLong(2)).as("write end").isNotEqualTo(r).isGreaterThanOrEqualTo(3);
        assertThat(e.paramU64(3)).as("pipe inode").isPositive();
        assertThat(e.paramU32(4)).as("flags O_CLOEXEC").isEqualTo(1 << 12);
        e = await("eventfd2", v -> v.type() == EventTypes.PPME_SYSCALL_EVENTFD2_X && v.tid() == pid);
        assertThat(e.paramAsLong(0)).as("fd").isGreaterThanOrEqualTo(3);
        assertThat(e.paramU16(1)).as("flags EFD_CLOEXEC").isEqualTo(1 << 12);
        assertThat(e.paramU64(2)).as("initval").isEqualTo(7);
        e = await("fcntl F_DUPFD", v -> v.type() == EventTypes.PPME_SYSCALL_FCNTL_X && v.tid() == pid
                && v.paramAsLong(1) == r && v.paramU8(2) == 1);
        assertThat(e.paramAsLong(0)).as("the new fd").isGreaterThanOrEqualTo(100);
        assertThat(e.paramU64(3)).as("arg").isEqualTo(100);
        e = await("epoll_create1", v -> v.type() == EventTypes.PPME_SYSCALL_EPOLL_CREATE1_X && v.tid() == pid);
        assertThat(e.paramAsLong(0)).as("fd").isGreaterThanOrEqualTo(3);
        assertThat(e.paramU32(1)).as("flags EPOLL_CLOEXEC").isEqualTo(1);
        e = await("pidfd_open", v -> v.type() == EventTypes.PPME_SYSCALL_PIDFD_OPEN_X && v.tid() == pid);
        assertThat(e.paramAsLong(0)).as("fd").isGreaterThanOrEqualTo(3);
        assertThat(e.paramAsLong(1)).as("pid").isEqualTo(pid);
    }

    /** The calls that change a process's cwd, credentials and session, which the state follows. */
    @Test
    void cwdCredentialAndSessionCallsCarryTheirArguments() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is missing");
        capture("chdir", "fchdir", "setresuid", "setreuid", "setresgid", "setregid", "setsid");
        Path dir = Files.createDirectory(unique("chdir"));
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import os, sys; os.chdir(sys.argv[1]); "
                    + "fd = os.open('/tmp', os.O_RDONLY); os.fchdir(fd); u = os.getuid(); g = os.getgid(); "
                    + "os.setresuid(u, u, u); os.setreuid(u, u); os.setresgid(g, g, g); os.setregid(g, g); os.setsid()",
                    dir.toString()).start();
            assertThat(p.waitFor()).isZero();
            long pid = p.pid();
            EventView e = await("chdir to " + dir, v -> v.type() == EventTypes.PPME_SYSCALL_CHDIR_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramString(1)).as("path").isEqualTo(dir.toString());
            e = await("fchdir", v -> v.type() == EventTypes.PPME_SYSCALL_FCHDIR_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(e.paramAsLong(1)).as("fd").isGreaterThanOrEqualTo(3);
            long uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            long gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            e = await("setresuid", v -> v.type() == EventTypes.PPME_SYSCALL_SETRESUID_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("res").isZero();
            assertThat(new long[] {e.paramU32(1), e.paramU32(2), e.paramU32(3)}).containsOnly(uid);
            e = await("setreuid", v -> v.type() == EventTypes.PPME_SYSCALL_SETREUID_X && v.tid() == pid);
            assertThat(new long[] {e.paramU32(1), e.paramU32(2)}).containsOnly(uid);
            e = await("setresgid", v -> v.type() == EventTypes.PPME_SYSCALL_SETRESGID_X && v.tid() == pid);
            assertThat(new long[] {e.paramU32(1), e.paramU32(2), e.paramU32(3)}).containsOnly(gid);
            e = await("setregid", v -> v.type() == EventTypes.PPME_SYSCALL_SETREGID_X && v.tid() == pid);
            assertThat(new long[] {e.paramU32(1), e.paramU32(2)}).containsOnly(gid);
            e = await("setsid", v -> v.type() == EventTypes.PPME_SYSCALL_SETSID_X && v.tid() == pid);
            assertThat(e.paramAsLong(0)).as("the new session id").isEqualTo(pid);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void threadCreationIsReportedFromTheChild() throws Exception {
        capture("clone", "clone3");
        Thread t = new Thread(() -> { });
        t.start();
        t.join();
        long pid = ProcessHandle.current().pid();
        EventView e = await("clone of a thread", v -> (v.type() == EventTypes.PPME_SYSCALL_CLONE3_X
                || v.type() == EventTypes.PPME_SYSCALL_CLONE_20_X) && v.paramAsLong(0) == 0 && v.paramAsLong(4) == pid);
        assertThat(e.paramU32(15) & (PPM_CL_CLONE_THREAD | PPM_CL_CLONE_VM))
                .isEqualTo(PPM_CL_CLONE_THREAD | PPM_CL_CLONE_VM);
        assertThat(e.paramAsLong(3)).as("child tid").isEqualTo(e.tid());
        assertThat(e.paramString(1)).as("exe").isNotEmpty();
    }

    @Test
    void fullRingCountsDropsByReason() throws Exception {
        ProbeOptions tiny = ProbeOptions.defaults().withRingBytesPerCpu(4096).withSyscalls(Set.of("write"))
                .withProcexit(false);
        Path file = unique("drops");
        ProbeStats stats;
        try (LoadedProbe small = ProbeSpec.embedded().load(tiny)) {
            try (Attachment attached = small.attach(); OutputStream out = Files.newOutputStream(file)) {
                byte[] chunk = new byte[100];
                for (int i = 0; i < 500; i++) {
                    out.write(chunk); // one write(2) each; nobody consumes the 4 KiB rings
                }
            }
            stats = small.stats();
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(stats.dropsRingFull()).as("drops with a full ring").isPositive();
        assertThat(stats.events()).as("events that fitted").isPositive();
        assertThat(stats.dropsNoRing()).isZero();
        assertThat(stats.dropsBug()).isZero();
        assertThat(stats.seen()).as("every handled syscall was either written or dropped")
                .isEqualTo(stats.events() + stats.drops());
    }

    /** Runs open/read/close in a loop and reports the probe's cost per sys_exit run (no assertion on time). */
    @Test
    void measuresRunTimePerSysExit() throws Exception {
        capture("openat", "read", "close");
        Path file = unique("bench");
        Files.writeString(file, "talon");
        byte[] buf = new byte[64];
        ProbeStats before;
        ProbeStats after;
        long events = 0;
        try (AutoCloseable stats = probe.enableRunTimeStats()) {
            before = probe.stats();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 2000; i++) {
                    try (FileInputStream in = new FileInputStream(file.toFile())) {
                        int ignored = in.read(buf);
                    }
                }
                while (source.poll(view, 0)) {
                    events++;
                }
            }
            after = probe.stats();
        }
        Files.deleteIfExists(file);
        ProgramStats b = before.programs().getFirst();
        ProgramStats a = after.programs().getFirst();
        assertThat(a.name()).isEqualTo("talon_sys_exit");
        long runs = a.runCount() - b.runCount();
        long nanos = a.runTimeNanos() - b.runTimeNanos();
        long emitted = after.events() - before.events();
        assertThat(runs).isGreaterThanOrEqualTo(60_000);
        assertThat(after.seen() - before.seen()).as("open, read and close exits handled").isGreaterThanOrEqualTo(60_000);
        assertThat(events).isPositive();
        System.out.printf("talon_sys_exit: %d runs, %.0f ns/run; %d events emitted, %.0f ns per emitted event;"
                        + " drops %d%n", runs, (double) nanos / runs, emitted, (double) nanos / emitted,
                after.drops() - before.drops());
    }
}
