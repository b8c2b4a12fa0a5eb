package dev.talon.driver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe object as a plain description: its bytes and the programs and maps it declares. Reading
 * a spec never touches the kernel (libbpf only parses the ELF), so it works without root; {@link
 * #load} is where every kernel-dependent step happens.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM runs with --enable-native-access
public final class ProbeSpec {
    static final String RESOURCE = "/bpf/talon.bpf.o";
    /** The program on every syscall exit that tail-calls the fillers (sys_exit mode). */
    static final String DISPATCHER = "talon_sys_exit";
    /** Programs attached in both modes. */
    static final List<String> SCHED_PROGRAMS = List.of("talon_sched_exec", "talon_sched_exit");
    /**
     * Programs {@link LoadedProbe#attach()} attaches in sys_exit mode; the fillers ({@code <syscall>_x}) are
     * tail-call targets there, and in direct mode the selected fillers are attached in its place.
     */
    static final List<String> ENTRY_PROGRAMS = List.of(DISPATCHER, "talon_sched_exec", "talon_sched_exit");

    private final byte[] elf;
    private final List<String> programs;
    private final List<String> maps;

    private ProbeSpec(byte[] elf, List<String> programs, List<String> maps) {
        this.elf = elf;
        this.programs = List.copyOf(programs);
        this.maps = List.copyOf(maps);
    }

    /** The probe embedded in the talon-driver jar at build time. */
    public static ProbeSpec embedded() throws DriverException {
        try (InputStream in = ProbeSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DriverException(RESOURCE + " is missing from the talon-driver jar: the probe was not built");
            }
            return of(in.readAllBytes());
        } catch (IOException e) {
            throw new DriverException("cannot read " + RESOURCE, e);
        }
    }

    /** A spec over an eBPF ELF object; throws when libbpf cannot parse it. */
    public static ProbeSpec of(byte[] elf) throws DriverException {
        LibBpf.Bindings b = LibBpf.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment obj = open(b, arena, elf);
            try {
                List<String> programs = new ArrayList<>();
                MemorySegment p = MemorySegment.NULL;
                while (true) {
                    p = (MemorySegment) b.nextProgram.invokeExact(obj, p);
                    if (p.equals(MemorySegment.NULL)) {
                        break;
                    }
                    programs.add(cString((MemorySegment) b.programName.invokeExact(p)));
                }
                List<String> maps = new ArrayList<>();
                MemorySegment m = MemorySegment.NULL;
                while (true) {
                    m = (MemorySegment) b.nextMap.invokeExact(obj, m);
                    if (m.equals(MemorySegment.NULL)) {
                        break;
                    }
                    maps.add(cString((MemorySegment) b.mapName.invokeExact(m)));
                }
                return new ProbeSpec(elf.clone(), programs, maps);
            } finally {
                b.close.invokeExact(obj);
            }
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("cannot read the probe object", t);
        }
    }

    /**
     * Opens the ELF with libbpf. The buffer must outlive the bpf_object (libbpf keeps pointing into
     * it until load), hence the caller's arena.
     */
    static MemorySegment open(LibBpf.Bindings b, Arena arena, byte[] elf) throws DriverException {
        MemorySegment buf = arena.allocate(elf.length, 8);
        buf.copyFrom(MemorySegment.ofArray(elf));
        LibBpf.startLog();
        MemorySegment obj;
        try {
            obj = (MemorySegment) b.openMem.invokeExact(Libc.state(), buf, (long) elf.length, MemorySegment.NULL);
        } catch (Throwable t) {
            LibBpf.takeLog();
            throw new DriverException("bpf_object__open_mem failed: " + t, t);
        }
        LibBpf.Log log = LibBpf.takeLog();
        if (obj.equals(MemorySegment.NULL)) {
            throw new DriverException(log.summary("libbpf cannot parse the probe object: "
                    + Libc.strerror(Libc.errno())), log.text());
        }
        return obj;
    }

    /** Names of every program in the object, in ELF order. */
    public List<String> programs() {
        return programs;
    }

    /** Names of every map in the object (including libbpf's .rodata/.bss maps). */
    public List<String> maps() {
        return maps;
    }

    /** Size of the ELF object in bytes. */
    public int size() {
        return elf.length;
    }

    byte[] elf() {
        return elf;
    }

    /**
     * Loads the probe into the kernel: checks privileges, BTF and kernel version first, then has
     * libbpf relocate (CO-RE) and load every program, creates one ring buffer per CPU and writes the
     * settings and the interesting-syscall table. Nothing runs until {@link LoadedProbe#attach()}.
     */
    public LoadedProbe load(ProbeOptions options) throws DriverException {
        Preflight.check();
        return LoadedProbe.load(this, options);
    }

    static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0);
    }
}
