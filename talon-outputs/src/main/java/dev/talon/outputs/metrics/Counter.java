package dev.talon.outputs.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count; lock-free and cheap under contention (a {@link LongAdder}). */
public final class Counter {
    private final LongAdder adder = new LongAdder();

    Counter() {
    }

    public void increment() {
        adder.increment();
    }

    /** Adds {@code n >= 0}. */
    public void add(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a counter only goes up, got " + n);
        }
        adder.add(n);
    }

    public long value() {
        return adder.sum();
    }
}
