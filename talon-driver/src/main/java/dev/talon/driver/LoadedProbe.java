package dev.talon.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The probe loaded into the kernel, with its per-CPU rings created but nothing attached yet.
 * Closing it detaches everything and frees the programs and maps. Not thread-safe except
 * {@link #stats()}, which may run beside a consumer.
 */
public final class LoadedProbe implements AutoCloseable {
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final Pattern FAILED_PROG = Pattern.compile("prog '([^']+)': -- BEGIN PROG LOAD LOG --");

    /**
     * struct talon_settings (talon_core.h): boot_time u64, snaplen u32, ignored_tgid u32,
     * capture_procexit u32, poll_only u32.
     */
    static final long SETTINGS_SIZE = 24;
    /** struct talon_counters (talon_core.h): seven u64. */
    static final int COUNTER_FIELDS = 7;
    /** struct bpf_prog_info (include/uapi/linux/bpf.h): size and the run statistics offsets. */
    static final int PROG_INFO_SIZE = 232;
    static final long PROG_INFO_RUN_TIME_NS = 192;
    static final long PROG_INFO_RUN_CNT = 200;

    private final Arena arena;
    private final LibBpf.Bindings b;
    private final MemorySegment obj;
    private final int cpus;
    private final int ringBytes;
    private final int[] ringFds;
    private final SyscallTable syscalls;
    private ProbeOptions options;
    private final List<Attachment> attachments = new ArrayList<>();
    /**
     * Epoch ns at boot as computed once at load: the probe stamps events with this plus
     * CLOCK_BOOTTIME, so the stamps stay in one clock domain even if the wall clock is stepped.
     */
    private final long bootTime = Libc.clockNanos(Libc.CLOCK_REALTIME) - Libc.clockNanos(Libc.CLOCK_BOOTTIME);
    private boolean closed;

    private LoadedProbe(Arena arena, LibBpf.Bindings b, MemorySegment obj, int cpus, ProbeOptions options,
            SyscallTable syscalls) {
        this.arena = arena;
        this.b = b;
        this.obj = obj;
        this.cpus = cpus;
        this.ringBytes = options.ringBytesPerCpu();
        this.ringFds = new int[cpus];
        java.util.Arrays.fill(ringFds, -1);
        this.options = options;
        this.syscalls = syscalls;
    }

    static LoadedProbe load(ProbeSpec spec, ProbeOptions options) throws DriverException {
        SyscallTable table = SyscallTable.load();
        for (String name : options.syscalls()) {
            if (table.number(name).isEmpty()) {
                throw new IllegalArgumentException("unknown syscall '" + name + "' in the capture selection");
            }
        }
        LibBpf.Bindings b = LibBpf.get();
        Arena arena = Arena.ofShared();
        MemorySegment obj = null;
        try {
            obj = ProbeSpec.open(b, arena, spec.elf());
            int cpus = (int) b.numPossibleCpus.invokeExact();
            if (cpus <= 0) {
                throw new DriverException("libbpf cannot count the possible CPUs: " + Libc.strerror(-cpus));
            }
            LoadedProbe p = new LoadedProbe(arena, b, obj, cpus, options, table);
            p.prepareAndLoad();
            return p;
        } catch (Throwable t) {
            if (obj != null) {
                try {
                    b.close.invokeExact(obj);
                } catch (Throwable ignored) {
                    t.addSuppressed(ignored);
                }
            }
            arena.close();
            if (t instanceof DriverException d) {
                throw d;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw new DriverException("loading the probe failed: " + t, t);
        }
    }

    private void prepareAndLoad() throws Throwable {
        MemorySegment scratch = map("scratch");
        MemorySegment rings = map("ringbufs");
        check((int) b.mapSetMaxEntries.invokeExact(scratch, cpus), "resize scratch");
        check((int) b.mapSetMaxEntries.invokeExact(rings, cpus), "resize ringbufs");
        // The inner template (talon_ring in talon_core.h) only gives the outer map its type; the
        // kernel does not compare ring sizes, so the rings created below may have any size.
        LibBpf.startLog();
        int r;
        try {
            r = (int) b.load.invokeExact(obj);
        } catch (Throwable t) {
            LibBpf.takeLog();
            throw t;
        }
        LibBpf.Log log = LibBpf.takeLog();
        if (r < 0) {
            throw loadError(-r, log);
        }
        for (int cpu = 0; cpu < cpus; cpu++) {
            int fd = createRing(cpu);
            ringFds[cpu] = fd;
            try (Arena t = Arena.ofConfined()) {
                MemorySegment v = t.allocate(JAVA_INT);
                v.set(JAVA_INT, 0, fd);
                update(fd(rings), cpu, v, "register the ring of CPU " + cpu);
            }
        }
        writeSettings();
        writeInteresting(options.syscalls());
    }

    /** Turns a failed bpf_object__load into the most specific error the log supports. */
    static DriverException loadError(int errno, LibBpf.Log libbpf) {
        String log = libbpf.text();
        Matcher m = FAILED_PROG.matcher(log);
        if (m.find()) {
            int start = log.indexOf("-- BEGIN PROG LOAD LOG --", m.start()) + "-- BEGIN PROG LOAD LOG --".length();
            int end = log.indexOf("-- END PROG LOAD LOG --", start);
            String verifier = end < 0 ? log.substring(start) : log.substring(start, end);
            return new VerifierException(m.group(1), Libc.strerror(errno), verifier.strip(), log);
        }
        if (errno == EPERM || errno == EACCES) {
            return new BpfUnavailableException(libbpf.summary("the kernel refused to load BPF programs ("
                    + Libc.strerror(errno) + "): BPF may be disabled by lockdown, a seccomp profile or a container policy"),
                    log);
        }
        return new DriverException(libbpf.summary("loading the probe failed: " + Libc.strerror(errno)), log);
    }

    private int createRing(int cpu) throws Throwable {
        int fd;
        try (Arena t = Arena.ofConfined()) {
            fd = (int) b.mapCreate.invokeExact(LibBpf.BPF_MAP_TYPE_RINGBUF, t.allocateFrom("talon_ring"), 0, 0,
                    ringBytes, MemorySegment.NULL);
        }
        if (fd < 0) {
            throw new DriverException("cannot create the " + ringBytes + "-byte ring buffer of CPU " + cpu + ": "
                    + Libc.strerror(-fd));
        }
        return fd;
    }

    private void writeSettings() throws Throwable {
        try (Arena t = Arena.ofConfined()) {
            writeSettings(t.allocate(SETTINGS_SIZE, 8));
        }
    }

    private void writeSettings(MemorySegment v) throws Throwable {
        v.set(JAVA_LONG, 0, bootTime);
        v.set(JAVA_INT, 8, options.snaplen());
        v.set(JAVA_INT, 12, options.ignoredTgid());
        v.set(JAVA_INT, 16, options.procexit() ? 1 : 0);
        v.set(JAVA_INT, 20, pollOnly(options.ringBytesPerCpu()) ? 1 : 0);
        update(fd(map("settings")), 0, v, "write the settings");
    }

    /**
     * Whether the probe should never wake the consumer (it polls every {@link RingBufferSource#POLL_MILLIS}
     * ms instead): a wakeup per event is the largest cost of a busy capture. A ring too small to
     * hold a poll interval's worth of events (tests) keeps the kernel's wake-when-caught-up default.
     */
    static boolean pollOnly(int ringBytes) {
        return ringBytes >= (64 << 10);
    }

    private void writeInteresting(Set<String> names) throws Throwable {
        int fd = fd(map("interesting"));
        boolean[] on = new boolean[SyscallTable.MAX];
        for (String n : names) {
            on[syscalls.number(n).orElseThrow()] = true;
        }
        try (Arena t = Arena.ofConfined()) {
            MemorySegment v = t.allocate(1);
            for (int nr = 0; nr < SyscallTable.MAX; nr++) {
                v.set(JAVA_BYTE, 0, (byte) (on[nr] ? 1 : 0));
                update(fd, nr, v, "set interesting syscall " + nr);
            }
        }
    }

    /** Changes the captured data length of read/write events while running. */
    public void setSnaplen(int snaplen) throws DriverException {
        ProbeOptions next = options.withSnaplen(snaplen);
        try {
            options = next;
            writeSettings();
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("cannot update the snaplen", t);
        }
    }

    /** Replaces the set of captured syscalls while running. */
    public void setSyscalls(Set<String> names) throws DriverException {
        ProbeOptions next = options.withSyscalls(names);
        for (String name : names) {
            if (syscalls.number(name).isEmpty()) {
                throw new IllegalArgumentException("unknown syscall '" + name + "' in the capture selection");
            }
        }
        try {
            options = next;
            writeInteresting(names);
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("cannot update the syscall selection", t);
        }
    }

    public ProbeOptions options() {
        return options;
    }

    /** Number of possible CPUs, which is the number of rings. */
    public int cpus() {
        return cpus;
    }

    /** Attaches the entry programs (sys_exit dispatcher, sched_process_exec, sched_process_exit). */
    public Attachment attach() throws DriverException {
        ensureOpen();
        List<MemorySegment> links = new ArrayList<>();
        LibBpf.startLog(); // libbpf's attach messages belong in the error, not on the terminal
        try {
            for (String name : ProbeSpec.ENTRY_PROGRAMS) {
                MemorySegment prog = program(name);
                MemorySegment link = (MemorySegment) b.programAttach.invokeExact(Libc.state(), prog);
                if (link.equals(MemorySegment.NULL)) {
                    int e = Libc.errno();
                    for (MemorySegment l : links) {
                        int ignored = (int) b.linkDestroy.invokeExact(l);
                    }
                    LibBpf.Log log = LibBpf.takeLog();
                    throw new DriverException(log.summary("cannot attach program " + name + ": " + Libc.strerror(e)),
                            log.text());
                }
                links.add(link);
            }
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("attaching the probe failed: " + t, t);
        } finally {
            LibBpf.takeLog();
        }
        Attachment a = new Attachment(links, ProbeSpec.ENTRY_PROGRAMS);
        attachments.add(a);
        return a;
    }

    /** A consumer of this probe's rings. Close it before closing the probe. */
    public RingBufferSource openSource() throws DriverException {
        ensureOpen();
        return RingBufferSource.open(ringFds, ringBytes, bootTime);
    }

    /**
     * Turns on the kernel's per-program run-time accounting (BPF_ENABLE_STATS, the scoped form of
     * kernel.bpf_stats_enabled) until the returned handle is closed.
     */
    public AutoCloseable enableRunTimeStats() throws DriverException {
        int fd;
        try {
            fd = (int) b.enableStats.invokeExact(LibBpf.BPF_STATS_RUN_TIME);
        } catch (Throwable t) {
            throw new DriverException("bpf_enable_stats failed: " + t, t);
        }
        if (fd < 0) {
            throw new DriverException("cannot enable BPF run-time statistics: " + Libc.strerror(-fd));
        }
        return () -> Libc.close(fd);
    }

    /** Counters summed over CPUs, and the run statistics of the entry programs. */
    public ProbeStats stats() throws DriverException {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            int fd = fd(map("counters"));
            long stride = COUNTER_FIELDS * 8L;
            MemorySegment values = a.allocate(stride * cpus, 8);
            MemorySegment key = a.allocate(JAVA_INT);
            int r = (int) b.mapLookup.invokeExact(fd, key, values);
            if (r < 0) {
                throw new DriverException("cannot read the probe counters: " + Libc.strerror(-r));
            }
            long[] sum = new long[COUNTER_FIELDS];
            for (int cpu = 0; cpu < cpus; cpu++) {
                for (int i = 0; i < COUNTER_FIELDS; i++) {
                    sum[i] += values.get(JAVA_LONG, cpu * stride + i * 8L);
                }
            }
            List<ProgramStats> progs = new ArrayList<>();
            MemorySegment info = a.allocate(PROG_INFO_SIZE, 8);
            MemorySegment len = a.allocate(JAVA_INT);
            for (String name : ProbeSpec.ENTRY_PROGRAMS) {
                info.fill((byte) 0);
                len.set(JAVA_INT, 0, PROG_INFO_SIZE);
                int pfd = (int) b.programFd.invokeExact(program(name));
                int e = (int) b.objGetInfo.invokeExact(pfd, info, len);
                if (e < 0) {
                    throw new DriverException("cannot read the info of program " + name + ": " + Libc.strerror(-e));
                }
                progs.add(new ProgramStats(name, info.get(JAVA_LONG, PROG_INFO_RUN_CNT),
                        info.get(JAVA_LONG, PROG_INFO_RUN_TIME_NS)));
            }
            return new ProbeStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], progs);
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("reading the probe statistics failed: " + t, t);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Attachment a : attachments) {
            a.close();
        }
        for (int fd : ringFds) {
            Libc.close(fd);
        }
        try {
            b.close.invokeExact(obj);
        } catch (Throwable t) {
            throw new IllegalStateException("closing the probe failed", t);
        } finally {
            arena.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the probe is closed");
        }
    }

    private MemorySegment map(String name) throws Throwable {
        MemorySegment m;
        try (Arena t = Arena.ofConfined()) {
            m = (MemorySegment) b.findMap.invokeExact(obj, t.allocateFrom(name));
        }
        if (m.equals(MemorySegment.NULL)) {
            throw new DriverException("the probe object has no map named " + name);
        }
        return m;
    }

    private MemorySegment program(String name) throws Throwable {
        MemorySegment p;
        try (Arena t = Arena.ofConfined()) {
            p = (MemorySegment) b.findProgram.invokeExact(obj, t.allocateFrom(name));
        }
        if (p.equals(MemorySegment.NULL)) {
            throw new DriverException("the probe object has no program named " + name);
        }
        return p;
    }

    private int fd(MemorySegment map) throws Throwable {
        int fd = (int) b.mapFd.invokeExact(map);
        if (fd < 0) {
            throw new DriverException("map has no file descriptor (not loaded?)");
        }
        return fd;
    }

    private void update(int mapFd, int key, MemorySegment value, String what) throws Throwable {
        int r;
        try (Arena t = Arena.ofConfined()) {
            MemorySegment k = t.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            r = (int) b.mapUpdate.invokeExact(mapFd, k, value, (long) LibBpf.BPF_ANY);
        }
        if (r < 0) {
            throw new DriverException("cannot " + what + ": " + Libc.strerror(-r));
        }
    }

    private static void check(int r, String what) throws DriverException {
        if (r < 0) {
            throw new DriverException("cannot " + what + ": " + Libc.strerror(-r));
        }
    }
}
