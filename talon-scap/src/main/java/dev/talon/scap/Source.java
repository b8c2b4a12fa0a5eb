package dev.talon.scap;

import dev.talon.event.EventView;

/**
 * One source of events (a capture file, a live driver, a synthetic test stream), like an engine in
 * libscap. Sources receive a {@link MetadataSink} when they are opened and push capture metadata to it
 * before the first event and whenever the stream carries a state refresh.
 *
 * <p>Not thread-safe: one consumer thread calls {@link #next}.
 */
public interface Source extends AutoCloseable {

    /**
     * Points {@code into} at the next event. The view stays valid until the next call to {@code next}
     * or {@link #close()}; it may point into memory the source reuses.
     *
     * @return false at a clean end of the stream
     * @throws CaptureException when the stream is damaged or cannot be read; no event follows it
     */
    boolean next(EventView into) throws CaptureException;

    /** Bytes consumed so far (for compressed files: compressed bytes), or -1 if not meaningful. */
    default long position() {
        return -1;
    }

    /** Total bytes of the input (for compressed files: the compressed file size), or -1 if unknown. */
    default long size() {
        return -1;
    }

    /** Releases the source's resources; views obtained from it become invalid. Idempotent. */
    @Override
    void close();
}
