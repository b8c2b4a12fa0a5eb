package dev.talon.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The few libc calls the driver needs (mmap, epoll, close, vsnprintf), with errno captured. */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM runs with --enable-native-access
final class Libc {
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int EPOLL_CLOEXEC = 02000000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLLIN = 1;
    static final int EINTR = 4;
    /** struct epoll_event is packed on x86_64: u32 events, u64 data = 12 bytes. */
    static final long EPOLL_EVENT_SIZE = 12;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = errnoCall("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = errnoCall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = errnoCall("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle VSNPRINTF = LINKER.downcallHandle(
            LIBC.find("vsnprintf").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE_ERRNO);
    }

    /** Per-thread buffer receiving errno of the last call made through this class. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    /** The calling thread's captured-state buffer, for other bindings that capture errno. */
    static MemorySegment state() {
        return STATE.get();
    }

    static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_BOOTTIME = 7;
    private static final MethodHandle CLOCK_GETTIME = LINKER.downcallHandle(
            LIBC.find("clock_gettime").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** clock_gettime(clock) in nanoseconds. */
    static long clockNanos(int clock) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(16, 8);
            int r = (int) CLOCK_GETTIME.invokeExact(clock, ts);
            if (r != 0) {
                throw new IllegalStateException("clock_gettime(" + clock + ") failed");
            }
            return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}; throws with errno on failure. */
    static MemorySegment mmap(long length, int prot, int fd, long offset) throws DriverException {
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(STATE.get(), MemorySegment.NULL, length, prot, MAP_SHARED, fd,
                    offset);
        } catch (Throwable t) {
            throw new DriverException("mmap failed: " + t, t);
        }
        if (p.address() == -1L) {
            throw new DriverException("mmap of " + length + " bytes at offset " + offset + " of fd " + fd
                    + " failed: " + strerror(errno()));
        }
        return p.reinterpret(length);
    }

    static void munmap(MemorySegment s) {
        try {
            int ignored = (int) MUNMAP.invokeExact(STATE.get(), s, s.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            int ignored = (int) CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int epollCreate() throws DriverException {
        try {
            int fd = (int) EPOLL_CREATE1.invokeExact(STATE.get(), EPOLL_CLOEXEC);
            if (fd < 0) {
                throw new DriverException("epoll_create1 failed: " + strerror(errno()));
            }
            return fd;
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("epoll_create1 failed: " + t, t);
        }
    }

    static void epollAdd(int epfd, int fd, long data) throws DriverException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EPOLL_EVENT_SIZE);
            ev.set(JAVA_INT, 0, EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, data);
            int r = (int) EPOLL_CTL.invokeExact(STATE.get(), epfd, EPOLL_CTL_ADD, fd, ev);
            if (r < 0) {
                throw new DriverException("epoll_ctl(ADD, fd " + fd + ") failed: " + strerror(errno()));
            }
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("epoll_ctl failed: " + t, t);
        }
    }

    /** Waits up to timeoutMillis; returns the number of ready descriptors (0 on timeout or EINTR). */
    static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) throws DriverException {
        try {
            int n = (int) EPOLL_WAIT.invokeExact(STATE.get(), epfd, events, maxEvents, timeoutMillis);
            if (n < 0) {
                int e = errno();
                if (e == EINTR) {
                    return 0;
                }
                throw new DriverException("epoll_wait failed: " + strerror(e));
            }
            return n;
        } catch (DriverException e) {
            throw e;
        } catch (Throwable t) {
            throw new DriverException("epoll_wait failed: " + t, t);
        }
    }

    /** sizeof(__va_list_tag) on x86_64: gp_offset, fp_offset, overflow_arg_area, reg_save_area. */
    private static final long VA_LIST_TAG_SIZE = 24;

    /**
     * Formats a printf-style message whose arguments arrive as a C va_list (libbpf's print callback).
     * The va_list is copied first (what va_copy does on x86_64) so it can be walked twice: once to
     * measure, once to format; verifier logs run to megabytes.
     */
    static String vformat(MemorySegment fmt, MemorySegment vaList) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment copy = a.allocate(VA_LIST_TAG_SIZE, 8);
            copy.copyFrom(vaList.reinterpret(VA_LIST_TAG_SIZE));
            int n = (int) VSNPRINTF.invokeExact(MemorySegment.NULL, 0L, fmt, copy);
            if (n < 0) {
                return "";
            }
            MemorySegment buf = a.allocate(n + 1L);
            int m = (int) VSNPRINTF.invokeExact(buf, n + 1L, fmt, vaList);
            return m < 0 ? "" : buf.getString(0);
        } catch (Throwable t) {
            return "";
        }
    }
}
