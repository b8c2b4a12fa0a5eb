package dev.talon.outputs;

import java.util.function.LongSupplier;

/**
 * Falco's output rate limiter ({@code outputs.rate}, {@code outputs.max_burst}): a bucket of at most
 * {@code maxBurst} tokens, refilled at {@code rate} tokens per second, starting full; each alert takes a
 * token or is dropped. The lock is held for a few arithmetic operations, once per alert (not per event).
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double maxTokens;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, long maxBurst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || maxBurst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and max_burst >= 1, got " + ratePerSecond + ", " + maxBurst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.maxTokens = maxBurst;
        this.nanoClock = nanoClock;
        this.tokens = maxBurst;
        this.lastNanos = nanoClock.getAsLong();
    }

    synchronized boolean tryClaim() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(maxTokens, tokens + elapsed * ratePerNano);
            lastNanos = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
