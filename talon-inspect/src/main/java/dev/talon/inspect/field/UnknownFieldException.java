package dev.talon.inspect.field;

/** A format or filter names a field this build does not provide. */
public final class UnknownFieldException extends Exception {
    public UnknownFieldException(String message) {
        super(message);
    }
}
