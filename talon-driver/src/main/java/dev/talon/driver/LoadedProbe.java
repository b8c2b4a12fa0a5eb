package dev.talon.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
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
    /** Syscalls with a filler program ({@code <name>_x}) in the object. */
    private final Set<String> fillers;
    /**
     * sys_exit mode: the syscalls whose fillers were loaded, those of the selection unless {@link
     * ProbeOptions#loadAllFillers()}; the others stay out of the kernel (each costs verifier time).
     */
    private final Set<String> loadedFillers = new TreeSet<>();
    /** Direct mode: the selected fillers run as fexit programs and talon_sys_exit is not loaded. */
    private final boolean direct;
    /** Why a selection that direct mode could serve runs in sys_exit mode, else null. */
    private String directRefusal;
    /**
     * Epoch ns at boot as computed once at load: the probe stamps events with this plus
     * CLOCK_BOOTTIME, so the stamps stay in one clock domain even if the wall clock is stepped.
     */
    private final long bootTime = Libc.clockNanos(Libc.CLOCK_REALTIME) - Libc.clockNanos(Libc.CLOCK_BOOTTIME);
    private boolean closed;

    private LoadedProbe(Arena arena, LibBpf.Bindings b, MemorySegment obj, int cpus, ProbeOptions options,
            SyscallTable syscalls, Set<String> fillers, boolean direct) {
        this.arena = arena;
        this.b = b;
        this.obj = obj;
        this.cpus = cpus;
        this.ringBytes = options.ringBytesPerCpu();
        this.ringFds = new int[cpus];
        Arrays.fill(ringFds, -1);
        this.options = options;
        this.syscalls = syscalls;
        this.fillers = fillers;
        this.direct = direct;
    }

    static LoadedProbe load(ProbeSpec spec, ProbeOptions options) throws DriverException {
        SyscallTable table = SyscallTable.load();
        for (String name : options.syscalls()) {
            if (table.number(name).isEmpty()) {
                throw new IllegalArgumentException("unknown syscall '" + name + "' in the capture selection");
            }
        }
        Set<String> fillers = fillerSyscalls(spec.programs(), table);
        LibBpf.Bindings b = LibBpf.get();
        KernelFunctions functions = options.directAttach() && eligible(options.syscalls(), fillers, n -> true)
                ? kernelFunctions(b, fillers, options.syscalls()) : KernelFunctions.NONE;
        Set<String> kernelFunctions = functions.x64();
        boolean wanted = !kernelFunctions.isEmpty() && eligible(options.syscalls(), fillers, kernelFunctions::contains);
        if (wanted && !functions.ia32().isEmpty()) {
            // A kernel that runs ia32 programs sends their calls (and int 0x80 from 64-bit ones) through
            // __ia32_sys_* functions, which an fexit program on __x64_sys_* never sees; the sys_exit
            // program sees both. Missing them would let a 32-bit program act unobserved.
            String first = new TreeSet<>(functions.ia32()).first();
            LoadedProbe p = load(spec, options, table, fillers, null);
            p.directRefusal = "this kernel runs ia32 programs, whose " + first + " calls reach "
                    + IA32_FUNCTION_PREFIX + first + ", not " + SYSCALL_FUNCTION_PREFIX + first;
            return p;
        }
        if (wanted && fexitRefusal == null) {
            DriverException directFailure;
            String why;
            try {
                return load(spec, options, table, fillers, kernelFunctions);
            } catch (DriverException e) {
                // fexit refused (some kernels and sandboxes allow tp_btf but not fexit programs, EPERM) or a
                // syscall function it cannot attach to: the sys_exit mode serves any selection
                directFailure = e;
                why = LibBpf.Log.firstLine(e.getMessage().strip());
                if (e instanceof BpfUnavailableException) {
                    fexitRefusal = why; // the same on every later load
                }
            }
            try {
                LoadedProbe p = load(spec, options, table, fillers, null);
                p.directRefusal = why;
                return p;
            } catch (DriverException e) {
                e.addSuppressed(directFailure);
                throw e;
            }
        }
        LoadedProbe p = load(spec, options, table, fillers, null);
        p.directRefusal = wanted ? fexitRefusal : null;
        return p;
    }

    /** Set when this kernel refused fexit programs outright (EPERM): later loads skip the attempt. */
    private static volatile String fexitRefusal;

    /** Loads in direct mode when {@code kernelFunctions} is non-null, else in sys_exit mode. */
    private static LoadedProbe load(ProbeSpec spec, ProbeOptions options, SyscallTable table, Set<String> fillers,
            Set<String> kernelFunctions) throws DriverException {
        LibBpf.Bindings b = LibBpf.get();
        Arena arena = Arena.ofShared();
        MemorySegment obj = null;
        try {
            obj = ProbeSpec.open(b, arena, spec.elf());
            int cpus = (int) b.numPossibleCpus.invokeExact();
            if (cpus <= 0) {
                throw new DriverException("libbpf cannot count the possible CPUs: " + Libc.strerror(-cpus));
            }
            LoadedProbe p = new LoadedProbe(arena, b, obj, cpus, options, table, fillers, kernelFunctions != null);
            p.prepareAndLoad(kernelFunctions);
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

    /**
     * Fork-like syscalls: their child returns to user space without leaving the syscall function, so in
     * direct mode only the parent's exit event is reported (the state builds the child thread from it, as
     * libsinsp does); the child's own exit event (res 0) needs the sys_exit mode.
     */
    static final Set<String> FORK_LIKE = Set.of("clone", "clone3", "fork", "vfork");
    /**
     * Largest selection served by direct mode: each fexit attachment builds a trampoline, which takes
     * milliseconds, and many hooked syscalls cost more together than one sys_exit hook.
     */
    static final int DIRECT_MAX = 24;
    private static final String SYSCALL_FUNCTION_PREFIX = "__x64_sys_";
    private static final String IA32_FUNCTION_PREFIX = "__ia32_sys_";

    /**
     * Whether a selection can run in direct mode: non-empty, at most {@link #DIRECT_MAX} syscalls, each with
     * its own filler (a syscall without one is reported by the generic event, which only the sys_exit
     * program writes) and with its syscall function in the kernel's BTF.
     */
    static boolean eligible(Set<String> selection, Set<String> fillers, Predicate<String> inKernel) {
        if (selection.isEmpty() || selection.size() > DIRECT_MAX) {
            return false;
        }
        for (String name : selection) {
            if (!fillers.contains(name) || !inKernel.test(name)) {
                return false;
            }
        }
        return true;
    }

    /** Syscalls whose filler program ({@code <name>_x}) the object holds. */
    static Set<String> fillerSyscalls(List<String> programs, SyscallTable table) {
        Set<String> out = new TreeSet<>();
        for (String p : programs) {
            if (p.endsWith("_x") && table.number(p.substring(0, p.length() - 2)).isPresent()) {
                out.add(p.substring(0, p.length() - 2));
            }
        }
        return out;
    }

    /** The syscalls with an {@code __x64_sys_*} and those with an {@code __ia32_sys_*} function in the kernel. */
    private record KernelFunctions(Set<String> x64, Set<String> ia32) {
        static final KernelFunctions NONE = new KernelFunctions(Set.of(), Set.of());
    }

    /**
     * Which of {@code x64} have an {@code __x64_sys_*} function and which of {@code ia32} an
     * {@code __ia32_sys_*} one in the running kernel's BTF, read once (NONE if unreadable).
     */
    private static KernelFunctions kernelFunctions(LibBpf.Bindings b, Set<String> x64, Set<String> ia32) {
        try {
            MemorySegment btf = (MemorySegment) b.btfLoadVmlinux.invokeExact(Libc.state());
            if (btf.equals(MemorySegment.NULL)) {
                return KernelFunctions.NONE;
            }
            try (Arena t = Arena.ofConfined()) {
                return new KernelFunctions(functions(b, btf, t, x64, SYSCALL_FUNCTION_PREFIX),
                        functions(b, btf, t, ia32, IA32_FUNCTION_PREFIX));
            } finally {
                b.btfFree.invokeExact(btf);
            }
        } catch (Throwable t) {
            return KernelFunctions.NONE;
        }
    }

    /** The syscalls of {@code names} whose {@code prefix + name} function is in {@code btf}. */
    private static Set<String> functions(LibBpf.Bindings b, MemorySegment btf, Arena t, Set<String> names, String prefix)
            throws Throwable {
        Set<String> found = new HashSet<>();
        for (String n : names) {
            int id = (int) b.btfFindByNameKind.invokeExact(btf, t.allocateFrom(prefix + n), LibBpf.BTF_KIND_FUNC);
            if (id > 0) {
                found.add(n);
            }
        }
        return found;
    }

    /**
     * Whether the probe runs in direct mode: each selected syscall's filler is an fexit program on the
     * kernel's syscall function, so unselected syscalls cost nothing; otherwise one sys_exit program
     * sees every syscall exit and tail-calls the fillers (needed for generic events and large selections,
     * and the only mode that reports the child's side of {@link #FORK_LIKE} syscalls). Chosen at load from
     * {@link ProbeOptions#syscalls()}.
     */
    public boolean direct() {
        return direct;
    }

    /** How the syscalls are hooked, for status output: "direct (fexit)" or "sys_exit", with the reason. */
    public String mode() {
        if (direct) {
            return "direct (one fexit program per selected syscall)";
        }
        return directRefusal == null ? "sys_exit (one program on every syscall exit)"
                : "sys_exit (one program on every syscall exit; direct fexit mode not used: " + directRefusal + ")";
    }

    private void prepareAndLoad(Set<String> kernelFunctions) throws Throwable {
        if (direct) {
            check((int) b.programSetAutoload.invokeExact(program(ProbeSpec.DISPATCHER), false), "skip " + ProbeSpec.DISPATCHER);
            for (String f : fillers) {
                MemorySegment prog = program(f + "_x");
                if (!kernelFunctions.contains(f)) {
                    check((int) b.programSetAutoload.invokeExact(prog, false), "skip " + f + "_x");
                    continue;
                }
                check((int) b.programSetExpectedAttachType.invokeExact(prog, LibBpf.BPF_TRACE_FEXIT),
                        "make " + f + "_x an fexit program");
                try (Arena t = Arena.ofConfined()) {
                    check((int) b.programSetAttachTarget.invokeExact(prog, 0,
                            t.allocateFrom(SYSCALL_FUNCTION_PREFIX + f)), "set the attach target of " + f + "_x");
                }
            }
        } else {
            for (String f : fillers) {
                if (options.loadAllFillers() || options.syscalls().contains(f)) {
                    loadedFillers.add(f);
                } else {
                    check((int) b.programSetAutoload.invokeExact(program(f + "_x"), false), "skip " + f + "_x");
                }
            }
        }
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
        if (!direct) {
            registerFillers();
        }
        writeSettings();
        writeInteresting(options.syscalls());
    }

    /** sys_exit mode: exit_fillers[nr] = the syscall's filler, for the dispatcher's tail call. */
    private void registerFillers() throws Throwable {
        int table = fd(map("exit_fillers"));
        try (Arena t = Arena.ofConfined()) {
            MemorySegment v = t.allocate(JAVA_INT);
            for (String f : loadedFillers) {
                v.set(JAVA_INT, 0, (int) b.programFd.invokeExact(program(f + "_x")));
                update(table, syscalls.number(f).orElseThrow(), v, "register the filler of " + f);
            }
        }
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

    /** Bits of the probe's interesting table (talon_core.h): one entry serves both syscall numberings. */
    private static final int INTERESTING_X64 = 1, INTERESTING_IA32 = 2;

    private void writeInteresting(Set<String> names) throws Throwable {
        int fd = fd(map("interesting"));
        boolean[] on = new boolean[SyscallTable.MAX];
        for (String n : names) {
            on[syscalls.number(n).orElseThrow()] = true;
        }
        boolean socketCalls = SyscallTable.SOCKETCALL_CALLS.stream().anyMatch(names::contains);
        try (Arena t = Arena.ofConfined()) {
            MemorySegment v = t.allocate(1);
            for (int nr = 0; nr < SyscallTable.MAX; nr++) {
                int x64 = syscalls.nativeOfIa32(nr);
                boolean ia32 = x64 >= 0 ? on[x64] : nr == SyscallTable.IA32_SOCKETCALL && socketCalls;
                int bits = (on[nr] ? INTERESTING_X64 : 0) | (ia32 ? INTERESTING_IA32 : 0);
                v.set(JAVA_BYTE, 0, (byte) bits);
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

    /**
     * Replaces the set of captured syscalls while running. In direct mode the new set must be one
     * direct mode serves ({@link #direct()}); the fillers of added syscalls are attached to every live
     * attachment and those of removed ones detached.
     */
    public void setSyscalls(Set<String> names) throws DriverException {
        ProbeOptions next = options.withSyscalls(names);
        for (String name : names) {
            if (syscalls.number(name).isEmpty()) {
                throw new IllegalArgumentException("unknown syscall '" + name + "' in the capture selection");
            }
        }
        if (direct && !eligible(names, fillers, n -> true)) {
            throw new DriverException("the probe was loaded in direct mode (one fexit program per selected syscall)"
                    + " and cannot capture " + new TreeSet<>(names) + " that way: at most " + DIRECT_MAX
                    + " syscalls, each with its own filler; load the probe with this selection to get the sys_exit mode");
        }
        if (!direct) {
            Set<String> missing = new TreeSet<>(names);
            missing.retainAll(fillers);
            missing.removeAll(loadedFillers);
            if (!missing.isEmpty()) {
                throw new DriverException("the probe was loaded without the fillers of " + missing
                        + " (only the selected syscalls' are loaded): load it with this selection, or with "
                        + "ProbeOptions.withLoadAllFillers(true) to change the selection freely");
            }
        }
        try {
            if (direct) {
                for (Attachment a : attachments) {
                    if (a.isClosed()) continue;
                    for (String n : options.syscalls()) {
                        if (!names.contains(n)) a.remove(n + "_x");
                    }
                    for (String n : names) {
                        if (!a.programs().contains(n + "_x")) a.add(n + "_x", attachProgram(n + "_x"));
                    }
                }
            }
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

    /**
     * Attaches the entry programs: sched_process_exec, sched_process_exit, and the sys_exit dispatcher or,
     * in direct mode, the selected syscalls' fillers.
     */
    public Attachment attach() throws DriverException {
        ensureOpen();
        List<String> names = new ArrayList<>(ProbeSpec.SCHED_PROGRAMS);
        if (direct) {
            names.addAll(new TreeSet<>(options.syscalls()).stream().map(n -> n + "_x").toList());
        } else {
            names.add(ProbeSpec.DISPATCHER);
        }
        Map<String, MemorySegment> links = new LinkedHashMap<>();
        try {
            for (String name : names) {
                links.put(name, attachProgram(name));
            }
        } catch (DriverException e) {
            Attachment.destroy(List.copyOf(links.values()));
            throw e;
        }
        Attachment a = new Attachment(links);
        attachments.add(a);
        return a;
    }

    private MemorySegment attachProgram(String name) throws DriverException {
        LibBpf.startLog(); // libbpf's attach messages belong in the error, not on the terminal
        try {
            MemorySegment link = (MemorySegment) b.programAttach.invokeExact(Libc.state(), program(name));
            if (link.equals(MemorySegment.NULL)) {
                int e = Libc.errno();
                LibBpf.Log log = LibBpf.takeLog();
                throw new DriverException(log.summary("cannot attach program " + name + ": " + Libc.strerror(e)),
                        log.text());
            }
            return link;
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("attaching the probe failed: " + t, t);
        } finally {
            LibBpf.takeLog();
        }
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
            for (String name : statsPrograms()) {
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

    /** The programs whose run statistics {@link #stats()} reports: those attached (or to be) in this mode. */
    private List<String> statsPrograms() {
        if (!direct) {
            return ProbeSpec.ENTRY_PROGRAMS;
        }
        List<String> names = new ArrayList<>(ProbeSpec.SCHED_PROGRAMS);
        new TreeSet<>(options.syscalls()).forEach(n -> names.add(n + "_x"));
        return names;
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
