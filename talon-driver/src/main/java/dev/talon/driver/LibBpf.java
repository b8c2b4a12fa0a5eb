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
 * print callback. It is installed once and routed to a per-thread {@link Log}, so a load collects
 * exactly the messages it caused and they end up in the exception, not on the terminal. Outside
 * such a window only warnings reach stderr, and only the first {@link #STDERR_LINES}: libbpf's
 * info and debug chatter (BTF, relocations, map creation) is dropped unformatted.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM runs with --enable-native-access
final class LibBpf {
    static final String LIBRARY = "libbpf.so.1";
    static final int BPF_MAP_TYPE_RINGBUF = 27;
    static final int BPF_STATS_RUN_TIME = 0;
    static final int BPF_ANY = 0;
    /** enum bpf_attach_type (include/uapi/linux/bpf.h). */
    static final int BPF_TRACE_FEXIT = 25;
    /** BTF_KIND_FUNC (include/uapi/linux/btf.h). */
    static final int BTF_KIND_FUNC = 12;

    private static final Linker LINKER = Linker.nativeLinker();
    private static volatile Bindings bindings;
    private static final ThreadLocal<Log> LOG = new ThreadLocal<>();
    /** libbpf_print_level values. */
    static final int LIBBPF_WARN = 0, LIBBPF_INFO = 1, LIBBPF_DEBUG = 2;
    /** Warnings printed to stderr outside a load, per process; later ones are counted, not shown. */
    static final int STDERR_LINES = 5;
    private static final java.util.concurrent.atomic.AtomicInteger STDERR_USED = new java.util.concurrent.atomic.AtomicInteger();

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
        LOG.set(new Log());
    }

    /** Stops collecting and returns what libbpf printed since {@link #startLog()}. */
    static Log takeLog() {
        Log log = LOG.get();
        LOG.remove();
        return log == null ? new Log() : log;
    }

    /** Upcall target: int print(enum libbpf_print_level level, const char *fmt, va_list args). */
    @SuppressWarnings("unused")
    private static int print(int level, MemorySegment fmt, MemorySegment args) {
        Log log = LOG.get();
        if (log == null && level != LIBBPF_WARN) {
            return 0; // nobody will read it: do not even format it
        }
        route(log, level, Libc.vformat(fmt, args), System.err, STDERR_USED);
        return 0;
    }

    /** Into the collecting log when there is one, else warnings only, and only the first few, to err. */
    static void route(Log log, int level, String message, java.io.PrintStream err,
            java.util.concurrent.atomic.AtomicInteger printed) {
        if (log != null) {
            log.add(level, message);
            return;
        }
        if (level != LIBBPF_WARN) {
            return;
        }
        int n = printed.incrementAndGet();
        if (n <= STDERR_LINES) {
            err.println("talon: " + Log.firstLine(message.strip()));
        } else if (n == STDERR_LINES + 1) {
            err.println("talon: further libbpf warnings are not shown");
        }
    }

    /**
     * What libbpf printed during one load step: the whole text for the exception's {@link
     * DriverException#libbpfLog()}, and its warnings for the exception's message.
     */
    static final class Log {
        /** Warning lines a message quotes at most. */
        static final int MESSAGE_LINES = 3;
        private final StringBuilder text = new StringBuilder();
        private final java.util.List<String> warnings = new java.util.ArrayList<>();

        Log() {
        }

        /** A log holding this text as one warning (tests and callers that only have the text). */
        static Log of(String warning) {
            Log l = new Log();
            if (!warning.isEmpty()) {
                l.add(LIBBPF_WARN, warning);
            }
            return l;
        }

        void add(int level, String message) {
            text.append(message);
            if (level == LIBBPF_WARN) {
                // One message may hold several lines (a verifier log); its block is kept out of
                // the quoted lines, the verifier exception carries it whole.
                boolean inBlock = false;
                for (String line : message.split("\n")) {
                    String l = line.strip();
                    if (l.endsWith("-- BEGIN PROG LOAD LOG --")) {
                        inBlock = true;
                    } else if (l.startsWith("-- END PROG LOAD LOG --")) {
                        inBlock = false;
                    } else if (!inBlock && !l.isEmpty()) {
                        warnings.add(l);
                    }
                }
            }
        }

        String text() {
            return text.toString();
        }

        java.util.List<String> warnings() {
            return java.util.List.copyOf(warnings);
        }

        boolean isBlank() {
            return text.isEmpty() || text.toString().isBlank();
        }

        /** headline, then the first few warning lines, each indented on its own line. */
        String summary(String headline) {
            StringBuilder sb = new StringBuilder(headline);
            int shown = Math.min(MESSAGE_LINES, warnings.size());
            for (int i = 0; i < shown; i++) {
                sb.append("\n  ").append(clip(warnings.get(i)));
            }
            if (warnings.size() > shown) {
                sb.append("\n  (").append(warnings.size() - shown).append(" more libbpf warning lines)");
            }
            return sb.toString();
        }

        static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return clip(nl < 0 ? s : s.substring(0, nl));
        }

        private static String clip(String s) {
            return s.length() <= 200 ? s : s.substring(0, 200) + "...";
        }
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
        final MethodHandle programSetExpectedAttachType;
        final MethodHandle programSetAttachTarget;
        final MethodHandle btfLoadVmlinux;
        final MethodHandle btfFindByNameKind;
        final MethodHandle btfFree;
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
            programSetExpectedAttachType = bind(lib, "bpf_program__set_expected_attach_type",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            programSetAttachTarget = bind(lib, "bpf_program__set_attach_target",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            btfLoadVmlinux = pointerCall(lib, "btf__load_vmlinux_btf", FunctionDescriptor.of(ADDRESS));
            btfFindByNameKind = bind(lib, "btf__find_by_name_kind",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            btfFree = bind(lib, "btf__free", FunctionDescriptor.ofVoid(ADDRESS));
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
