package dev.talon.driver;

/** The process lacks the privileges to load tracing programs (root, or CAP_BPF with CAP_PERFMON). */
public final class MissingPrivilegeException extends DriverException {
    private static final long serialVersionUID = 1L;

    public MissingPrivilegeException(String message) {
        super(message);
    }
}
