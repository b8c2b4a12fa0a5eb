package dev.talon.outputs;

import java.io.IOException;

/**
 * One alert destination (Falco's "output"). {@link Outputs} calls a channel from a single thread of
 * its own, so implementations need no locking and may block; only {@link #close()} may come from
 * another thread when a drain deadline expires, and should then unblock a pending write.
 */
public interface OutputChannel extends AutoCloseable {

    /** Short name used in metrics labels and messages: {@code stdout}, {@code file}, {@code http}... */
    String name();

    /**
     * Delivers one alert.
     *
     * @param alert     the alert
     * @param formatted the line every channel receives (JSON object or text line, no newline)
     * @throws IOException when delivery failed; counted as a failure, the channel stays in service
     */
    void write(Alert alert, String formatted) throws IOException;

    /** Called when the channel's queue has run empty: push out anything buffered. */
    default void flush() throws IOException {
    }

    @Override
    void close() throws IOException;
}
