package dev.talon.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into libbpf.so.1 (1.x API, "strict" semantics: int results are negative errno codes,
 * pointer results are NULL with errno set). Only the calls the loader uses are bound.
 *
 * <p>libbpf reports everything (including the verifier log of a failed load) through one global
 * print callback. It is installed once and routed to a per-thread {@link StringBuilder}, so a
 * load collects exactly the messages it caused.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM runs with --enable-native-access
final class LibBpf {
    static final String LIBRARY = "libbpf.so.1";
    static final int BPF_MAP_TYPE_RINGBUF = 27;
    static final int BPF_STATS_RUN_TIME = 0;
    static final int BPF_ANY = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static volatile Bindings bindings;
    private static final ThreadLocal<StringBuilder> LOG = new ThreadLocal<>();

    private LibBpf() {
    }

    /** The bound library; throws a typed error naming the library when it cannot be loaded. */
    static Bindings get() throws DriverException {
        Bindings b = bindings;
        if (b == null) {
            synchronized (LibBpf.class) {
                b = bindings;
                if (b == null) {
                    b = new Bindings(open());
                    bindings = b;
                }
            }
        }
        return b;
    }

    private static SymbolLookup open() throws DriverException {
        try {
            return SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new DriverException("cannot load " + LIBRARY + " (apt-get install libbpf1): " + e.getMessage());
        }
    }

    /** Starts collecting libbpf messages on this thread. */
    static void startLog() {
        LOG.set(new StringBuilder());
    }

    /** Stops collecting and returns what libbpf printed since {@link #startLog()}. */
    static String takeLog() {
        StringBuilder sb = LOG.get();
        LOG.remove();
        return sb == null ? "" : sb.toString();
    }

    /** Upcall target: int print(enum libbpf_print_level level, const char *fmt, va_list args). */
    @SuppressWarnings("unused")
    private static int print(int level, MemorySegment fmt, MemorySegment args) {
        StringBuilder sb = LOG.get();
        if (sb != null) {
            sb.append(Libc.vformat(fmt, args));
        }
        return 0;
    }

    static final class Bindings {
        final MethodHandle openMem;
        final MethodHandle load;
        final MethodHandle close;
        final MethodHandle findMap;
        final MethodHandle findProgram;
        final MethodHandle nextProgram;
        final MethodHandle nextMap;
        final MethodHandle programName;
        final MethodHandle programFd;
        final MethodHandle programAttach;
        final MethodHandle programSetAutoload;
        final MethodHandle mapName;
        final MethodHandle mapFd;
        final MethodHandle mapSetMaxEntries;
        final MethodHandle mapCreate;
        final MethodHandle mapUpdate;
        final MethodHandle mapLookup;
        final MethodHandle objGetInfo;
        final MethodHandle linkDestroy;
        final MethodHandle enableStats;
        final MethodHandle numPossibleCpus;
        private final Linker.Option captureErrno = Linker.Option.captureCallState("errno");

        Bindings(SymbolLookup lib) throws DriverException {
            openMem = pointerCall(lib, "bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
            load = bind(lib, "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            close = bind(lib, "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
            findMap = bind(lib, "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            findProgram = bind(lib, "bpf_object__find_program_by_name",
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            nextProgram = bind(lib, "bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            nextMap = bind(lib, "bpf_object__next_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            programName = bind(lib, "bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
            programFd = bind(lib, "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            programAttach = pointerCall(lib, "bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
            programSetAutoload = bind(lib, "bpf_program__set_autoload",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_BOOLEAN));
            mapName = bind(lib, "bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
            mapFd = bind(lib, "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            mapSetMaxEntries = bind(lib, "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            mapCreate = bind(lib, "bpf_map_create",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            mapUpdate = bind(lib, "bpf_map_update_elem",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
            mapLookup = bind(lib, "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            objGetInfo = bind(lib, "bpf_obj_get_info_by_fd",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            linkDestroy = bind(lib, "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            enableStats = bind(lib, "bpf_enable_stats", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            numPossibleCpus = bind(lib, "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
            installPrint(lib);
        }

        private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) throws DriverException {
            return LINKER.downcallHandle(find(lib, name), fd);
        }

        private MethodHandle pointerCall(SymbolLookup lib, String name, FunctionDescriptor fd) throws DriverException {
            return LINKER.downcallHandle(find(lib, name), fd, captureErrno);
        }

        private static MemorySegment find(SymbolLookup lib, String name) throws DriverException {
            Optional<MemorySegment> s = lib.find(name);
            if (s.isEmpty()) {
                throw new DriverException(LIBRARY + " lacks " + name + " (libbpf 1.0 or newer is required)");
            }
            return s.get();
        }

        private static void installPrint(SymbolLookup lib) throws DriverException {
            try {
                MethodHandle target = MethodHandles.lookup().findStatic(LibBpf.class, "print",
                        MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
                MemorySegment stub = LINKER.upcallStub(target,
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
                MethodHandle setPrint = LINKER.downcallHandle(find(lib, "libbpf_set_print"),
                        FunctionDescriptor.of(ADDRESS, ADDRESS));
                MemorySegment ignored = (MemorySegment) setPrint.invokeExact(stub);
            } catch (DriverException e) {
                throw e;
            } catch (Throwable t) {
                throw new DriverException("cannot install the libbpf print callback", t);
            }
        }
    }
}
