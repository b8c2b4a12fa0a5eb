package dev.talon.outputs;

import dev.talon.outputs.metrics.Counter;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One channel behind a bounded queue, drained by a thread of its own.
 *
 * <p>The producer side ({@link #offer}) is {@link ArrayBlockingQueue#offer}: it never waits for space,
 * it reports full and the alert is counted as dropped. The worker is a platform thread rather than a
 * virtual one because channels block in ways that pin a carrier (FFM downcalls for syslog, pipe writes
 * to a program): with few cores a stuck channel on a pinned carrier could stall every other channel.
 *
 * <p>Shutdown: {@link #beginClose} lets the worker drain what is queued and exit; {@link #abort} (at the
 * deadline) interrupts it, drops what is left and closes the channel from the caller's thread to unblock
 * a write in progress.
 */
final class ChannelWorker implements Runnable {
    private static final long IDLE_POLL_MILLIS = 100;
    private static final java.time.Duration ABORT_GRACE = java.time.Duration.ofSeconds(1);

    final OutputChannel channel;
    final ArrayBlockingQueue<Pending> queue;
    final Counter delivered;
    final Counter dropped;
    final Counter failed;
    private final FailureReporter reporter;
    private final AtomicBoolean channelClosed = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closing;
    private long dropsReported;

    ChannelWorker(OutputChannel channel, int capacity, Counter delivered, Counter dropped, Counter failed,
                  FailureReporter reporter) {
        this.channel = channel;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.delivered = delivered;
        this.dropped = dropped;
        this.failed = failed;
        this.reporter = reporter;
        this.thread = Thread.ofPlatform().daemon().name("talon-output-" + channel.name()).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Non-blocking; false (and counted) when the queue is full. */
    boolean offer(Pending p) {
        if (queue.offer(p)) {
            return true;
        }
        dropped.increment();
        return false;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending p = queue.poll();
                if (p == null) {
                    idle();
                    if (closing && queue.isEmpty()) {
                        break;
                    }
                    p = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (p == null) {
                        continue;
                    }
                }
                deliver(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // aborted at the close deadline
        } finally {
            closeChannel();
        }
    }

    private void deliver(Pending p) {
        try {
            channel.write(p.alert(), p.line());
            delivered.increment();
        } catch (IOException | RuntimeException e) {
            failed.increment();
            reporter.report(describe(e));
        }
    }

    /** The queue ran empty: flush buffered output, report drops seen since the last report. */
    private void idle() {
        try {
            channel.flush();
        } catch (IOException | RuntimeException e) {
            failed.increment();
            reporter.report(describe(e));
        }
        long drops = dropped.value();
        if (drops > dropsReported) {
            reporter.report("queue full, " + (drops - dropsReported) + " alert(s) dropped (" + drops + " in total)");
            dropsReported = drops;
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    void beginClose() {
        closing = true;
    }

    /**
     * Waits for the worker; true if it finished by {@code deadlineNanos}. An alert offered while the
     * worker was exiting is counted as dropped rather than silently left behind.
     */
    boolean awaitExit(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            thread.join(java.time.Duration.ofNanos(left));
        }
        if (thread.isAlive()) {
            return false;
        }
        int late = queue.size();
        queue.clear();
        dropped.add(late);
        return true;
    }

    /**
     * Deadline passed: stop the worker, count what is still queued as dropped, close the channel to
     * unblock a write in progress, and give the worker a moment to record that write's outcome.
     */
    void abort() {
        thread.interrupt();
        int left = queue.size();
        queue.clear();
        dropped.add(left);
        closeChannel();
        try {
            thread.join(ABORT_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeChannel() {
        if (channelClosed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException | RuntimeException e) {
                reporter.report("close failed: " + describe(e));
            }
        }
    }

    int queued() {
        return queue.size();
    }
}
