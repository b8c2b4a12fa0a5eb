package dev.talon.cli;

import dev.talon.event.EventView;
import dev.talon.scap.CaptureException;
import dev.talon.scap.Source;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the probe's rings drained while /proc is scanned. The probe is attached before the scan
 * (so no process escapes both), but events cannot be interpreted before the state exists; at a
 * million events per second the rings would overflow during the scan. A helper thread copies the
 * events into off-heap chunks meanwhile; afterwards this source replays them in order and then
 * continues with the live source. Copying stops at {@link #MAX_BYTES} (the rings then fill as
 * before). Allocation happens only during startup.
 */
final class StartupBuffer implements Source {
    static final long CHUNK = 16L << 20;
    static final long MAX_BYTES = 1L << 30;

    /** A non-blocking read of the live source (RingBufferSource::poll). */
    interface Poller {
        boolean poll(EventView into, long timeoutMillis) throws CaptureException;
    }

    private final Source live;
    private final Poller poller;
    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> chunks = new ArrayList<>();
    /** Per buffered event: chunk index, offset, cpu (three ints). */
    private int[] index = new int[3 * 4096];
    private int events;
    private long bytes;
    private volatile boolean draining = true;
    private Thread thread;
    private Throwable failure;
    private int replayed;

    private StartupBuffer(Source live, Poller poller) {
        this.live = live;
        this.poller = poller;
    }

    /**
     * Starts copying events from {@code live} (read through {@code poller}, which must not block
     * for long) on a helper thread until {@link #endOfStartup()}.
     */
    static StartupBuffer start(Source live, Poller poller) {
        StartupBuffer b = new StartupBuffer(live, poller);
        b.thread = Thread.ofPlatform().name("talon-startup-drain").start(b::drain);
        return b;
    }

    private void drain() {
        EventView v = new EventView();
        MemorySegment chunk = null;
        long used = 0;
        try {
            while (draining && bytes < MAX_BYTES) {
                if (!poller.poll(v, 5)) {
                    continue;
                }
                int len = v.length();
                if (chunk == null || used + len > chunk.byteSize()) {
                    chunk = arena.allocate(Math.max(CHUNK, len), 8);
                    chunks.add(chunk);
                    used = 0;
                }
                MemorySegment.copy(v.segment(), v.offset(), chunk, used, len);
                if (3 * events + 3 > index.length) {
                    index = java.util.Arrays.copyOf(index, index.length * 2);
                }
                index[3 * events] = chunks.size() - 1;
                index[3 * events + 1] = (int) used;
                index[3 * events + 2] = v.cpu();
                events++;
                used += (len + 7) & ~7;
                bytes += len;
            }
        } catch (CaptureException | RuntimeException e) {
            failure = e;
        }
    }

    /** Stops the copying (the state is ready); events are then replayed by {@link #next}. */
    void endOfStartup() throws CaptureException {
        draining = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted while ending the startup drain", e);
        }
        if (failure instanceof CaptureException c) {
            throw c;
        }
        if (failure != null) {
            throw new CaptureException("reading events during startup failed: " + failure, failure);
        }
    }

    /** Events copied during startup. */
    int buffered() {
        return events;
    }

    @Override
    public boolean next(EventView into) throws CaptureException {
        if (replayed < events) {
            int i = 3 * replayed++;
            into.wrap(chunks.get(index[i]), index[i + 1]).cpu(index[i + 2]);
            return true;
        }
        return live.next(into);
    }

    /** Stops the helper thread if it still runs, then frees the copies. */
    @Override
    public void close() {
        draining = false;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        arena.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
