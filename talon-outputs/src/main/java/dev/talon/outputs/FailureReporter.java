package dev.talon.outputs;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One-line failure messages for one channel, at most one per interval; the lines suppressed meanwhile
 * are counted in the next one. A webhook that is down must not flood stderr with one line per alert.
 * Used only by the channel's worker thread.
 */
final class FailureReporter {
    private final String channel;
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean reported;
    private long lastNanos;
    private long suppressed;

    FailureReporter(String channel, Consumer<String> sink, long intervalNanos, LongSupplier nanoClock) {
        this.channel = channel;
        this.sink = sink;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    void report(String problem) {
        long now = nanoClock.getAsLong();
        if (reported && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        String line = "talon: " + channel + " output: " + problem;
        if (suppressed > 0) {
            line += " (" + suppressed + " more message" + (suppressed == 1 ? "" : "s") + " suppressed)";
        }
        suppressed = 0;
        reported = true;
        lastNanos = now;
        try {
            sink.accept(line);
        } catch (RuntimeException ignored) {
            // reporting must never take the channel down
        }
    }
}
