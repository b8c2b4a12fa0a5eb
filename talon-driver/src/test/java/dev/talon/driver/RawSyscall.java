package dev.talon.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Tests call syscalls through libc's syscall(2) so the probe sees exactly the syscall and the
 * arguments a test asserts, whatever the JDK would have picked (mkdir vs mkdirat, ...).
 */
final class RawSyscall {
    static final long AT_FDCWD = -100;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private RawSyscall() {
    }

    /** The kernel's return value: the result, or -errno, as the exit event's res reports it. */
    static long call(long nr, long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("syscalls take at most 6 arguments");
        }
        long[] a = java.util.Arrays.copyOf(args, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            long r = (long) SYSCALL.invokeExact(state, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
            return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
        } catch (Throwable t) {
            throw new AssertionError("syscall " + nr, t);
        }
    }

    /** A NUL-terminated copy of s that lives as long as arena. */
    static long str(Arena arena, String s) {
        return arena.allocateFrom(s).address();
    }
}
