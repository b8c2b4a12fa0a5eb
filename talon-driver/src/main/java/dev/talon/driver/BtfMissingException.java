package dev.talon.driver;

/** The kernel exposes no BTF type information, which the CO-RE probe needs to relocate. */
public final class BtfMissingException extends DriverException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public BtfMissingException(String path) {
        super("kernel BTF not found at " + path
                + ": the live capture needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        this.path = path;
    }

    /** The file that was looked for. */
    public String path() {
        return path;
    }
}
