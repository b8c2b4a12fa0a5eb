package dev.talon.driver;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the probe captures and how much memory it uses, like libscap's engine settings.
 *
 * @param ringBytesPerCpu size of each CPU's ring buffer: a power of two, at least one page
 * @param snaplen         bytes of read/write data kept per event (sysdig's {@code -s}), 0..16384
 * @param syscalls        names of the syscalls to capture (ppm-sc / unistd names, e.g. "openat");
 *                        every other syscall returns from the probe at once
 * @param ignoredTgid     a process whose events are never captured (usually the consumer), 0 = none
 * @param procexit        whether process exits (procexit events) are reported
 * @param directAttach    whether the probe may hook the selected syscalls one by one (fexit programs)
 *                        instead of every syscall exit, when the selection allows it (see {@link
 *                        LoadedProbe#direct()}); off forces the sys_exit mode
 * @param loadAllFillers  whether every syscall's filler program is loaded, so that {@link
 *                        LoadedProbe#setSyscalls} can add any syscall later; otherwise only the selected
 *                        syscalls' fillers are (the kernel verifies each one at load: all of them take
 *                        about 0.37 s here, execve/execveat the longest)
 */
public record ProbeOptions(int ringBytesPerCpu, int snaplen, Set<String> syscalls, int ignoredTgid,
        boolean procexit, boolean directAttach, boolean loadAllFillers) {

    public static final int DEFAULT_RING_BYTES = 8 << 20;
    public static final int DEFAULT_SNAPLEN = 80;
    public static final int MAX_SNAPLEN = 16384;
    private static final int PAGE = 4096;

    public ProbeOptions {
        Objects.requireNonNull(syscalls, "syscalls");
        if (ringBytesPerCpu < PAGE || Integer.bitCount(ringBytesPerCpu) != 1) {
            throw new IllegalArgumentException("ringBytesPerCpu must be a power of two of at least " + PAGE
                    + " bytes, got " + ringBytesPerCpu);
        }
        if (snaplen < 0 || snaplen > MAX_SNAPLEN) {
            throw new IllegalArgumentException("snaplen must be within 0.." + MAX_SNAPLEN + ", got " + snaplen);
        }
        if (ignoredTgid < 0) {
            throw new IllegalArgumentException("ignoredTgid must not be negative, got " + ignoredTgid);
        }
        syscalls = Set.copyOf(syscalls);
    }

    /** Every syscall the probe knows, 8 MiB per CPU, snaplen 80, procexit on. */
    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_RING_BYTES, DEFAULT_SNAPLEN, allSyscalls(), 0, true, true, false);
    }

    /** Names of every native syscall the probe can capture. */
    public static Set<String> allSyscalls() {
        return new TreeSet<>(SyscallTable.load().byName().keySet());
    }

    public ProbeOptions withRingBytesPerCpu(int bytes) {
        return new ProbeOptions(bytes, snaplen, syscalls, ignoredTgid, procexit, directAttach, loadAllFillers);
    }

    public ProbeOptions withSnaplen(int bytes) {
        return new ProbeOptions(ringBytesPerCpu, bytes, syscalls, ignoredTgid, procexit, directAttach, loadAllFillers);
    }

    public ProbeOptions withSyscalls(Set<String> names) {
        return new ProbeOptions(ringBytesPerCpu, snaplen, names, ignoredTgid, procexit, directAttach, loadAllFillers);
    }

    public ProbeOptions withIgnoredTgid(int tgid) {
        return new ProbeOptions(ringBytesPerCpu, snaplen, syscalls, tgid, procexit, directAttach, loadAllFillers);
    }

    public ProbeOptions withProcexit(boolean on) {
        return new ProbeOptions(ringBytesPerCpu, snaplen, syscalls, ignoredTgid, on, directAttach, loadAllFillers);
    }

    public ProbeOptions withDirectAttach(boolean on) {
        return new ProbeOptions(ringBytesPerCpu, snaplen, syscalls, ignoredTgid, procexit, on, loadAllFillers);
    }

    public ProbeOptions withLoadAllFillers(boolean on) {
        return new ProbeOptions(ringBytesPerCpu, snaplen, syscalls, ignoredTgid, procexit, directAttach, on);
    }
}
