package dev.talon.cli;

import dev.talon.event.EventView;
import dev.talon.scap.CaptureException;
import dev.talon.scap.Source;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Shows how far a capture file has been read, on stderr, for reads that take longer than a second, and only
 * when stderr is a terminal and stdout is not (events going to the same terminal would be interleaved with
 * it; redirected stderr stays clean). The clock is looked at once every 64Ki events, which keeps the cost
 * off the per-event path.
 */
final class ProgressSource implements Source {
    private static final long CHECK_MASK = (1 << 16) - 1;
    private static final long FIRST_AFTER_NS = 1_000_000_000L;
    private static final long EVERY_NS = 250_000_000L;

    private final Source source;
    private final PrintStream err;
    private final LongSupplier clock;
    private final long start;
    private long events;
    private long lastShown;
    private boolean shown;

    ProgressSource(Source source, PrintStream err, LongSupplier nanoClock) {
        this.source = source;
        this.err = err;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** A reporting wrapper when stderr alone is a terminal and the size is known, else the source itself. */
    static Source wrap(Source source) {
        if (!Terminal.isTerminal(2) || Terminal.isTerminal(1) || source.size() <= 0) return source;
        return new ProgressSource(source, System.err, System::nanoTime);
    }

    @Override
    public boolean next(EventView into) throws CaptureException {
        boolean more;
        try {
            more = source.next(into);
        } catch (CaptureException | RuntimeException e) {
            clear();
            throw e;
        }
        if (!more) {
            clear();
        } else if ((++events & CHECK_MASK) == 0) {
            maybeShow();
        }
        return more;
    }

    private void maybeShow() {
        long now = clock.getAsLong();
        if (now - start < FIRST_AFTER_NS || now - lastShown < EVERY_NS) return;
        lastShown = now;
        long size = source.size();
        long pos = Math.max(0, source.position());
        int percent = size > 0 ? (int) Math.min(100, pos * 100 / size) : 0;
        err.printf("\rreading: %3d%%  %,d events", percent, events);
        err.flush();
        shown = true;
    }

    private void clear() {
        if (!shown) return;
        err.print("\r\033[K");
        err.flush();
        shown = false;
    }

    @Override
    public long position() {
        return source.position();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public void close() {
        clear();
        source.close();
    }
}
