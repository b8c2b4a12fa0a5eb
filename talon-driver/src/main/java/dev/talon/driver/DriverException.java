package dev.talon.driver;

import dev.talon.scap.CaptureException;

/**
 * The live driver could not be prepared, loaded, attached or read. Subclasses name the cause. The
 * message is short enough for a terminal; what libbpf printed while the step failed is kept in
 * {@link #libbpfLog()} instead of being printed.
 */
public class DriverException extends CaptureException {
    private static final long serialVersionUID = 1L;
    private final String libbpfLog;

    public DriverException(String message) {
        this(message, (String) null);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
        this.libbpfLog = "";
    }

    /** A failure libbpf explained: {@code libbpfLog} is everything it printed meanwhile. */
    public DriverException(String message, String libbpfLog) {
        super(message);
        this.libbpfLog = libbpfLog == null ? "" : libbpfLog;
    }

    /** Everything libbpf printed (all levels) during the failed step; empty when it printed nothing. */
    public String libbpfLog() {
        return libbpfLog;
    }
}
