package dev.talon.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whether a file descriptor is a terminal. {@link System#console()} answers for stdin and stdout together,
 * while progress output needs the answer for stderr alone, so this asks libc's isatty(3).
 */
final class Terminal {
    private static final MethodHandle ISATTY;

    static {
        Linker linker = Linker.nativeLinker();
        ISATTY = linker.defaultLookup().find("isatty")
                .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                .orElse(null);
    }

    private Terminal() {}

    static boolean isTerminal(int fd) {
        if (ISATTY == null) return false;
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }
}
