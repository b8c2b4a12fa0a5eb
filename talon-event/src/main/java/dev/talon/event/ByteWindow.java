package dev.talon.event;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian reads of a {@link MemorySegment} through a {@link ByteBuffer} over it, made once per segment
 * (or per window of a segment larger than a ByteBuffer can address) and kept while the reads stay in it.
 *
 * <p>Why not {@code MemorySegment.get}: the segment accessors run through VarHandle adapters that cost about
 * three times as much as ByteBuffer's until the JIT has compiled them (measured on a million-event capture,
 * which is read mostly before that point); compiled, both are the same loads. Not thread-safe.
 */
public final class ByteWindow {
    /** Windows over segments beyond 2 GiB start at multiples of this. */
    static final long WINDOW_STEP = 1L << 29;
    /** How far a window reaches past its start: a step, plus the largest block a capture may hold (1 GiB). */
    static final long WINDOW_LENGTH = WINDOW_STEP + (1L << 30);

    /** Recent whole-segment buffers: a live source's events alternate between its per-CPU rings. */
    private static final int KEPT = 8;

    private ByteBuffer buf = ByteBuffer.allocate(0);
    private MemorySegment seg;
    private long base;
    private long reach; // offsets in [base, base + reach) are served by buf
    private final MemorySegment[] keptSegments = new MemorySegment[KEPT];
    private final ByteBuffer[] keptBuffers = new ByteBuffer[KEPT];
    private int nextKept;

    /**
     * Makes {@link #buffer()} cover {@code offset} of {@code segment} and returns its index there. Bytes
     * from that index on are readable up to the segment's end, or for at least 1 GiB in a segment
     * beyond 2 GiB.
     */
    public int at(MemorySegment segment, long offset) {
        if (segment != seg || offset - base < 0 || offset - base >= reach) bind(segment, offset);
        return (int) (offset - base);
    }

    /**
     * The buffer of the last {@link #at} call (take it after that call: {@code at} may replace it).
     * Absolute gets only: its position and limit are not to be moved.
     */
    public ByteBuffer buffer() {
        return buf;
    }

    public byte getByte(MemorySegment segment, long offset) {
        int i = at(segment, offset);
        return buf.get(i);
    }

    public short getShort(MemorySegment segment, long offset) {
        int i = at(segment, offset);
        return buf.getShort(i);
    }

    public int getInt(MemorySegment segment, long offset) {
        int i = at(segment, offset);
        return buf.getInt(i);
    }

    public long getLong(MemorySegment segment, long offset) {
        int i = at(segment, offset);
        return buf.getLong(i);
    }

    private void bind(MemorySegment segment, long offset) {
        long size = segment.byteSize();
        if (offset < 0 || offset > size) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside a " + size + "-byte segment");
        }
        if (size <= Integer.MAX_VALUE) {
            base = 0;
            reach = size + 1; // the end itself too: a read there fails like one past any buffer's end
            buf = kept(segment);
        } else {
            base = offset & -WINDOW_STEP;
            reach = WINDOW_STEP;
            buf = segment.asSlice(base, Math.min(size - base, WINDOW_LENGTH)).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        seg = segment;
    }

    /**
     * A writable byte[] segment as a plain wrapped buffer: one made by asByteBuffer() checks the segment's
     * session on every get, which a heap array does not need (its memory cannot go away). Native memory
     * keeps that check: a mapping may be unmapped while a view still points into it.
     */
    private static ByteBuffer bufferOf(MemorySegment segment) {
        // heapBase() is empty for native and for read-only segments
        ByteBuffer b = segment.heapBase().orElse(null) instanceof byte[] array
                ? ByteBuffer.wrap(array, (int) segment.address(), (int) segment.byteSize()).slice()
                : segment.asByteBuffer();
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer kept(MemorySegment segment) {
        for (int k = 0; k < KEPT; k++) {
            if (keptSegments[k] == segment) return keptBuffers[k];
        }
        ByteBuffer b = bufferOf(segment);
        keptSegments[nextKept] = segment;
        keptBuffers[nextKept] = b;
        nextKept = (nextKept + 1) % KEPT;
        return b;
    }
}
