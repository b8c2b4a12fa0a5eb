package dev.talon.inspect.field;

/** A field name the registry cannot resolve, or a bad field argument; the message names the field. */
public final class UnknownFieldException extends Exception {
    public UnknownFieldException(String message) {
        super(message);
    }
}
