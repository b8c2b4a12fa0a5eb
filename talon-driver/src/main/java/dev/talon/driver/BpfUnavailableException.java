package dev.talon.driver;

/** The kernel refused BPF outright (disabled, locked down, or forbidden by a seccomp/container policy). */
public final class BpfUnavailableException extends DriverException {
    private static final long serialVersionUID = 1L;

    /** With what libbpf printed meanwhile, see {@link DriverException#libbpfLog()}. */
    public BpfUnavailableException(String message, String libbpfLog) {
        super(message, libbpfLog);
    }

    public BpfUnavailableException(String message) {
        super(message);
    }
}
