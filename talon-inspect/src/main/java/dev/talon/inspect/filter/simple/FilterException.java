package dev.talon.inspect.filter.simple;

/** A filter expression that cannot be parsed or names an unknown field; the message carries the column. */
public final class FilterException extends Exception {
    public FilterException(String message) {
        super(message);
    }
}
