package dev.talon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether one of this process's file descriptors is a terminal. {@link System#console()} answers for stdin
 * and stdout together, while progress output needs the answer for stderr alone. Reading the descriptor's
 * link in /proc costs microseconds, where an isatty(3) downcall would first start the FFM linker (tens of
 * milliseconds of start-up on every {@code talon inspect}).
 */
final class Terminal {
    private Terminal() {}

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
