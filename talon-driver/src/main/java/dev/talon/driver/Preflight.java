package dev.talon.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks made before touching the kernel, so that the common reasons a live capture cannot start
 * produce a typed error naming the fix instead of a bare EPERM from deep inside libbpf.
 */
final class Preflight {
    static final String BTF = "/sys/kernel/btf/vmlinux";
    /** rss_stat as percpu_counter[] (6.2) is the newest kernel layout the probe reads. */
    static final int[] MIN_KERNEL = {6, 2};
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_PERFMON = 38;
    static final int CAP_BPF = 39;

    private Preflight() {
    }

    /** Runs every check; the first failing one throws. */
    static void check() throws DriverException {
        checkPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        checkKernel(kernelRelease());
        checkBtf(Path.of(BTF));
        checkPrivileges(effectiveCapabilities());
    }

    /** A reason the live probe cannot run here, or null when it can (for tests that skip). */
    static String unavailableReason() {
        try {
            check();
            return null;
        } catch (DriverException e) {
            return e.getMessage();
        }
    }

    static void checkPlatform(String os, String arch) throws DriverException {
        if (!"Linux".equals(os)) {
            throw new DriverException("live capture needs Linux, this is " + os);
        }
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new DriverException("the probe is built for x86_64, this is " + arch);
        }
    }

    static void checkKernel(String release) throws DriverException {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            throw new DriverException("cannot parse the kernel release '" + release + "'");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < MIN_KERNEL[0] || (major == MIN_KERNEL[0] && minor < MIN_KERNEL[1])) {
            throw new KernelTooOldException(release, MIN_KERNEL[0] + "." + MIN_KERNEL[1],
                    "the Talon probe (tp_btf programs, BPF ring buffers, current mm/inode layouts)");
        }
    }

    static void checkBtf(Path btf) throws DriverException {
        if (!Files.isReadable(btf)) {
            throw new BtfMissingException(btf.toString());
        }
    }

    /** Root (CAP_SYS_ADMIN) or CAP_BPF together with CAP_PERFMON may load tracing programs. */
    static void checkPrivileges(long capEff) throws DriverException {
        boolean admin = (capEff & (1L << CAP_SYS_ADMIN)) != 0;
        boolean bpf = (capEff & (1L << CAP_BPF)) != 0 && (capEff & (1L << CAP_PERFMON)) != 0;
        if (!admin && !bpf) {
            throw new MissingPrivilegeException(String.format(Locale.ROOT,
                    "live capture needs root, or CAP_BPF and CAP_PERFMON (effective capabilities: %#x); "
                            + "run with sudo", capEff));
        }
    }

    static String kernelRelease() throws DriverException {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    static long effectiveCapabilities() throws DriverException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new DriverException("cannot read the process capabilities from /proc/self/status", e);
        }
        throw new DriverException("/proc/self/status has no CapEff line");
    }
}
