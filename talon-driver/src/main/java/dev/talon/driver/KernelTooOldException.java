package dev.talon.driver;

/** The running kernel predates a feature the probe needs. */
public final class KernelTooOldException extends DriverException {
    private static final long serialVersionUID = 1L;
    private final String running;
    private final String minimum;

    public KernelTooOldException(String running, String minimum, String feature) {
        super("kernel " + running + " is too old: " + feature + " needs Linux " + minimum + " or newer");
        this.running = running;
        this.minimum = minimum;
    }

    public String running() {
        return running;
    }

    /** The oldest kernel version that has the missing feature, e.g. "6.2". */
    public String minimum() {
        return minimum;
    }
}
