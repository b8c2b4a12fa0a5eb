package dev.talon.driver;

import dev.talon.scap.CaptureException;

/** The live driver could not be prepared, loaded, attached or read. Subclasses name the cause. */
public class DriverException extends CaptureException {
    private static final long serialVersionUID = 1L;

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
