package dev.talon.driver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One BPF ring buffer (BPF_MAP_TYPE_RINGBUF) read in place through its mmap'ed pages.
 *
 * <p>Layout (kernel/bpf/ringbuf.c): page 0 holds consumer_pos (u64, mapped read-write for us);
 * page 1 holds producer_pos (u64, read-only); the data area of {@code size} bytes follows and is
 * mapped twice back to back, so a record that crosses the end of the area is still contiguous in
 * our view. Positions only grow; the byte of position p is at {@code data[p & (size - 1)]}.
 * Every record starts with an 8-byte header: u32 len (bit 31 BUSY = reserved but not committed,
 * bit 30 DISCARD = committed but dropped by the producer) and u32 page offset (kernel use); the
 * payload follows, and the next record starts at the next multiple of 8.
 *
 * <p>Memory ordering. The kernel advances producer_pos with a release store when it reserves a
 * record and later clears BUSY in the record header with a release store (xchg) when it commits
 * it. We therefore (1) acquire-load producer_pos, (2) for each record below it acquire-load the
 * header's len word, stop at a BUSY one, and only then read the payload (the acquire on len
 * orders our payload reads after the producer's writes); (3) when done with a record,
 * release-store the new consumer_pos, which orders our reads of the payload before the kernel
 * may see the space as free and overwrite it. consumer_pos has a single writer (this object), so
 * we keep our own copy and never read it back. No locks; one consumer thread.
 */
final class RingBuffer {
    static final int BUSY = 1 << 31;
    static final int DISCARD = 1 << 30;
    static final int HEADER = 8;
    static final long PAGE = 4096;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    private final MemorySegment producerMapping;
    private final long mask;
    private final int cpu;
    private final boolean mapped;
    private long cons;
    /** The consumer position last published to the kernel (it lags cons by less than publishBatch). */
    private long published;
    private final long publishBatch;
    /** The producer position last read: reading it only when the records below it are used up keeps
     *  this core off the cache line the producer writes on every event. */
    private long prodCache;
    /** Bytes (header included, 8-aligned) of the record at cons handed out by peek, 0 if none. */
    private long pending;
    private long pendingOffset;
    private int pendingLength;

    /**
     * A view over already-mapped memory (used directly by tests with synthetic segments).
     *
     * @param data the data area, 2 * size bytes (the double mapping) or at least size bytes when
     *             the records in it never wrap
     */
    RingBuffer(MemorySegment consumer, MemorySegment producer, MemorySegment data, long size, int cpu) {
        this(consumer, producer, data, null, size, cpu, false);
    }

    private RingBuffer(MemorySegment consumer, MemorySegment producer, MemorySegment data,
            MemorySegment producerMapping, long size, int cpu, boolean mapped) {
        if (Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, got " + size);
        }
        this.consumer = consumer;
        this.producer = producer;
        this.data = data;
        this.producerMapping = producerMapping;
        this.mask = size - 1;
        this.cpu = cpu;
        this.mapped = mapped;
        this.cons = (long) LONG.getAcquire(consumer, 0L);
        this.published = cons;
        this.prodCache = cons;
        this.publishBatch = Math.max(HEADER, size / 16);
    }

    /** Maps the ring behind {@code fd} (a BPF_MAP_TYPE_RINGBUF of {@code size} bytes). */
    static RingBuffer map(int fd, long size, int cpu) throws DriverException {
        MemorySegment consumer = Libc.mmap(PAGE, Libc.PROT_READ | Libc.PROT_WRITE, fd, 0);
        MemorySegment prod;
        try {
            prod = Libc.mmap(PAGE + 2 * size, Libc.PROT_READ, fd, PAGE);
        } catch (DriverException e) {
            Libc.munmap(consumer);
            throw e;
        }
        return new RingBuffer(consumer, prod.asSlice(0, PAGE), prod.asSlice(PAGE, 2 * size), prod, size, cpu, true);
    }

    /**
     * Offset into {@link #data()} of the payload of the oldest committed record, or -1 when none is
     * ready. Discarded records are skipped (and given back) on the way. Repeated calls without
     * {@link #release()} return the same record.
     */
    long peek() {
        if (pending != 0) {
            return pendingOffset;
        }
        if (cons >= prodCache) {
            prodCache = (long) LONG.getAcquire(producer, 0L);
        }
        while (cons < prodCache) {
            long at = cons & mask;
            int len = (int) INT.getAcquire(data, at);
            if ((len & BUSY) != 0) {
                publish();
                return -1;
            }
            long total = align8((len & ~(BUSY | DISCARD)) + (long) HEADER);
            if ((len & DISCARD) != 0) {
                cons += total;
                continue;
            }
            pending = total;
            pendingOffset = at + HEADER;
            pendingLength = len & ~(BUSY | DISCARD);
            return pendingOffset;
        }
        publish();
        return -1;
    }

    /** Payload length of the record returned by the last {@link #peek()}. */
    int length() {
        return pendingLength;
    }

    /** Position (bytes since the ring was created) of the record returned by the last peek. */
    long position() {
        return cons;
    }

    /** Gives the record returned by {@link #peek()} back to the kernel. */
    void release() {
        if (pending != 0) {
            cons += pending;
            pending = 0;
            if (cons - published >= publishBatch) {
                publish();
            }
        }
    }

    /**
     * Tells the kernel how far we consumed. Batched (at most publishBatch behind, and always when
     * the ring is found empty) because each store pulls a cache line the producer reads on every
     * event over to this core and back.
     */
    void publish() {
        if (published != cons) {
            published = cons;
            LONG.setRelease(consumer, 0L, cons);
        }
    }

    MemorySegment data() {
        return data;
    }

    int cpu() {
        return cpu;
    }

    void unmap() {
        if (mapped) {
            Libc.munmap(consumer);
            Libc.munmap(producerMapping);
        }
    }

    static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
