package dev.talon.driver;

import dev.talon.event.EventView;
import dev.talon.scap.CaptureException;
import dev.talon.scap.Source;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;

/**
 * Live events from the probe's per-CPU rings, delivered as {@link EventView}s over the ring
 * memory itself (zero copy). Like libscap's live engines it merges the rings by timestamp: of
 * the records ready at the head of each ring it hands out the oldest. When every ring is empty
 * it sleeps in epoll_wait until the kernel signals data.
 *
 * <p>A view stays valid until the next {@link #next}/{@link #poll} call, which gives the previous
 * record's space back to the kernel. One consumer thread; {@link #stop()} may be called from any
 * thread and makes {@link #next} return false after the events stamped before the stop.
 */
public final class RingBufferSource implements Source {
    static final int WAIT_SLICE_MILLIS = 100;
    /**
     * Longest sleep while the rings are empty: the probe does not wake us (see talon_core.h), so
     * this bounds the delay of an event; an 8 MiB ring holds far more than 5 ms of events.
     */
    static final int POLL_MILLIS = 5;
    private static final ValueLayout.OfLong TS = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt LEN = ValueLayout.JAVA_INT_UNALIGNED;

    private final RingBuffer[] rings;
    private final int epfd;
    private final Arena arena;
    private final MemorySegment events;
    private RingBuffer current;
    private long number;
    private volatile boolean stopped;
    /** Epoch ns of the stop: events stamped later are not handed out any more. */
    private volatile long stopTs = -1;
    private IdleAction idle;
    private boolean closed;

    /** Epoch ns at boot in the probe's stamps (event ts = bootTime + CLOCK_BOOTTIME at the event). */
    private final long bootTime;

    RingBufferSource(RingBuffer[] rings, int epfd) {
        this(rings, epfd, Long.MIN_VALUE);
    }

    /** {@code bootTime} Long.MIN_VALUE: stamps are compared with the wall clock (tests with fake rings). */
    RingBufferSource(RingBuffer[] rings, int epfd, long bootTime) {
        this.rings = rings.clone();
        this.epfd = epfd;
        this.bootTime = bootTime;
        this.arena = Arena.ofShared();
        this.events = arena.allocate(Libc.EPOLL_EVENT_SIZE * Math.max(1, rings.length), 8);
    }

    static RingBufferSource open(int[] ringFds, int ringBytes, long bootTime) throws DriverException {
        RingBuffer[] rings = new RingBuffer[ringFds.length];
        int epfd = -1;
        try {
            epfd = Libc.epollCreate();
            for (int cpu = 0; cpu < ringFds.length; cpu++) {
                rings[cpu] = RingBuffer.map(ringFds[cpu], ringBytes, cpu);
                Libc.epollAdd(epfd, ringFds[cpu], cpu);
            }
            return new RingBufferSource(rings, epfd, bootTime);
        } catch (DriverException e) {
            for (RingBuffer r : rings) {
                if (r != null) {
                    r.unmap();
                }
            }
            Libc.close(epfd);
            throw e;
        }
    }

    /**
     * Blocks until an event is ready (true) or the source is stopped (false). After {@link #stop()}
     * it still returns the events stamped up to the moment of the stop, so a capture stopped under
     * load ends with everything that happened before the stop and nothing after it.
     */
    @Override
    public boolean next(EventView into) throws CaptureException {
        while (true) {
            if (poll(into, WAIT_SLICE_MILLIS)) {
                return !stopped || Long.compareUnsigned(into.ts(), stopTs) <= 0;
            }
            if (stopped) {
                // one last look: a record committed just before the stop may have landed after
                // poll's last look at the rings and before it saw the stop
                return take(into) && Long.compareUnsigned(into.ts(), stopTs) <= 0;
            }
            if (idle != null) {
                idle.idle();
            }
        }
    }

    /** Work for the consumer thread while no event comes, e.g. flushing a capture file. */
    public interface IdleAction {
        void idle() throws CaptureException;
    }

    /**
     * Runs {@code action} on the consumer thread, inside {@link #next}, after every
     * {@value #WAIT_SLICE_MILLIS} ms without events (null: none).
     */
    public void onIdle(IdleAction action) {
        this.idle = action;
    }

    /**
     * Points {@code into} at the next event, waiting at most {@code timeoutMillis} (0 = do not
     * wait). Returns false on timeout or when stopped.
     */
    public boolean poll(EventView into, long timeoutMillis) throws CaptureException {
        if (closed) {
            throw new IllegalStateException("the source is closed");
        }
        releaseCurrent();
        if (take(into)) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!stopped) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            Libc.epollWait(epfd, events, rings.length, (int) Math.min(left, POLL_MILLIS));
            if (take(into)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes {@link #next} return false once the events stamped before now are consumed (a blocked
     * call returns within about {@value #WAIT_SLICE_MILLIS} ms). Safe from any thread, e.g. a signal handler.
     */
    public void stop() {
        if (bootTime == Long.MIN_VALUE) {
            Instant now = Instant.now();
            stopTs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        } else {
            // the probe's clock: a wall clock stepped since the load (NTP, a restored VM) cannot
            // make events from before the stop look later than it
            stopTs = bootTime + Libc.clockNanos(Libc.CLOCK_BOOTTIME);
        }
        stopped = true;
    }

    /** Number of rings (one per possible CPU). */
    public int ringCount() {
        return rings.length;
    }

    private void releaseCurrent() {
        if (current != null) {
            current.release();
            current = null;
        }
    }

    private boolean take(EventView into) throws CaptureException {
        RingBuffer best = null;
        long bestOffset = -1;
        long bestTs = Long.MAX_VALUE;
        for (RingBuffer r : rings) {
            long off = r.peek();
            if (off < 0) {
                continue;
            }
            validate(r, off);
            long ts = r.data().get(TS, off);
            if (best == null || Long.compareUnsigned(ts, bestTs) < 0) {
                best = r;
                bestOffset = off;
                bestTs = ts;
            }
        }
        if (best == null) {
            return false;
        }
        current = best;
        into.wrap(best.data(), bestOffset).cpu(best.cpu()).number(++number);
        return true;
    }

    /** A record must hold exactly one event whose header length matches the record. */
    static void validate(RingBuffer r, long off) throws CaptureException {
        int recordLength = r.length();
        if (recordLength < EventView.HEADER_V2) {
            throw new CaptureException("ring of CPU " + r.cpu() + " at position " + r.position()
                    + ": record of " + recordLength + " bytes is shorter than an event header ("
                    + EventView.HEADER_V2 + ")");
        }
        int eventLength = r.data().get(LEN, off + 16);
        if (eventLength != recordLength) {
            throw new CaptureException("ring of CPU " + r.cpu() + " at position " + r.position()
                    + ": event length " + eventLength + " does not match the record length " + recordLength);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped = true;
        for (RingBuffer r : rings) {
            r.unmap();
        }
        Libc.close(epfd);
        arena.close();
    }
}
