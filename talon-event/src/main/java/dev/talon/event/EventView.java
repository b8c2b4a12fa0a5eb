package dev.talon.event;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view of one event in the v2 wire layout, pointing into memory owned by the source (a mapped
 * capture file, a decompression buffer, a BPF ring). Nothing is copied: fields are read on demand, and the
 * parameter offsets are computed once per event into an array the view keeps.
 *
 * <pre>
 * ppm_evt_hdr: ts u64 @0 | tid u64 @8 | len u32 @16 | type u16 @20 | nparams u32 @22
 * then nparams lengths (u16, or u32 for EF_LARGE_PAYLOAD types), then the parameter values back to back
 * </pre>
 *
 * A view is valid until the source moves on; consumers that keep an event must copy it. Not thread-safe.
 */
public final class EventView {
    public static final int HEADER_V2 = 26;
    public static final int HEADER_V1 = 22;

    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;

    private MemorySegment seg = MemorySegment.NULL;
    private long off;
    private int cpu;
    private int dumpFlags;
    private long number;

    // Per-event caches, reset by wrap().
    private EventInfo info;
    private boolean large;
    private int nparams;
    private int[] paramOffsets = new int[33]; // relative to off; entry i+1 = end of param i
    private boolean offsetsDone;

    /** Points the view at the event header at {@code offset} in {@code segment}. */
    public EventView wrap(MemorySegment segment, long offset) {
        this.seg = segment;
        this.off = offset;
        int type = type();
        this.info = EventSchema.info(type);
        this.large = info != null && info.isLargePayload();
        this.nparams = segment.get(U32, offset + 22);
        this.offsetsDone = false;
        return this;
    }

    public EventView cpu(int cpu) {
        this.cpu = cpu;
        return this;
    }

    public EventView dumpFlags(int flags) {
        this.dumpFlags = flags;
        return this;
    }

    public EventView number(long number) {
        this.number = number;
        return this;
    }

    public MemorySegment segment() {
        return seg;
    }

    public long offset() {
        return off;
    }

    public long ts() {
        return seg.get(U64, off);
    }

    public long tid() {
        return seg.get(U64, off + 8);
    }

    /** Whole event length: header + length array + params. */
    public int length() {
        return seg.get(U32, off + 16);
    }

    public int type() {
        return Short.toUnsignedInt(seg.get(U16, off + 20));
    }

    public int paramCount() {
        return nparams;
    }

    /** The schema row of this event's type, or null for codes this build does not know. */
    public EventInfo info() {
        return info;
    }

    public int cpu() {
        return cpu;
    }

    /** scap dump flags of the block the event came from (bit 0 = state only). */
    public int dumpFlags() {
        return dumpFlags;
    }

    /** The event was kept only so state stays right ("fatfile" captures); it is not to be shown. */
    public boolean isStateOnly() {
        return (dumpFlags & 1) != 0;
    }

    /** 1-based position of the event in its source. */
    public long number() {
        return number;
    }

    /** Whether the parameter lengths are u32 (large-payload event types) rather than u16. */
    public boolean hasLargeLengths() {
        return large;
    }

    public int paramLength(int i) {
        checkIndex(i);
        return large ? seg.get(U32, off + HEADER_V2 + 4L * i) : Short.toUnsignedInt(seg.get(U16, off + HEADER_V2 + 2L * i));
    }

    /** Absolute offset of parameter {@code i} in {@link #segment()}. */
    public long paramOffset(int i) {
        checkIndex(i);
        if (!offsetsDone) computeOffsets();
        return off + paramOffsets[i];
    }

    /** True when the event carries parameter {@code i} with a non-zero length. */
    public boolean hasParam(int i) {
        return i >= 0 && i < nparams && paramLength(i) > 0;
    }

    private void computeOffsets() {
        if (paramOffsets.length < nparams + 1) paramOffsets = new int[nparams + 1];
        int width = large ? 4 : 2;
        int pos = HEADER_V2 + width * nparams;
        paramOffsets[0] = pos;
        for (int i = 0; i < nparams; i++) {
            pos += paramLength(i);
            paramOffsets[i + 1] = pos;
        }
        offsetsDone = true;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= nparams) {
            throw new IndexOutOfBoundsException("param " + i + " of " + nparams + " in event type " + type());
        }
    }

    public long paramU64(int i) {
        return seg.get(U64, paramOffset(i));
    }

    public long paramS64(int i) {
        return seg.get(U64, paramOffset(i));
    }

    public int paramU32(int i) {
        return seg.get(U32, paramOffset(i));
    }

    public int paramU16(int i) {
        return Short.toUnsignedInt(seg.get(U16, paramOffset(i)));
    }

    public int paramU8(int i) {
        return Byte.toUnsignedInt(seg.get(U8, paramOffset(i)));
    }

    /**
     * The integer value of parameter {@code i}, read with its length (1, 2, 4 or 8 bytes), sign-extended
     * when the schema declares a signed type. Returns 0 for an absent parameter or another length.
     */
    public long paramAsLong(int i) {
        if (i >= nparams) return 0;
        long at = paramOffset(i);
        boolean signed = info != null && i < info.paramCount() && info.param(i).type().isSigned();
        return switch (paramLength(i)) {
            case 1 -> signed ? seg.get(U8, at) : Byte.toUnsignedLong(seg.get(U8, at));
            case 2 -> signed ? seg.get(U16, at) : Short.toUnsignedLong(seg.get(U16, at));
            case 4 -> signed ? seg.get(U32, at) : Integer.toUnsignedLong(seg.get(U32, at));
            case 8 -> seg.get(U64, at);
            default -> 0;
        };
    }

    /** Length of a string parameter up to (not including) the first NUL. */
    public int paramStringLength(int i) {
        long at = paramOffset(i);
        int len = paramLength(i);
        for (int k = 0; k < len; k++) {
            if (seg.get(U8, at + k) == 0) return k;
        }
        return len;
    }

    /** A string parameter (charbuf, fspath) decoded as UTF-8 up to the first NUL; null when absent. */
    public String paramString(int i) {
        if (!hasParam(i)) return null;
        int n = paramStringLength(i);
        byte[] bytes = new byte[n];
        MemorySegment.copy(seg, U8, paramOffset(i), bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether a string parameter equals {@code ascii} (compared up to the first NUL), without allocating. */
    public boolean paramStringEquals(int i, byte[] ascii) {
        if (!hasParam(i) || paramStringLength(i) != ascii.length) return false;
        long at = paramOffset(i);
        for (int k = 0; k < ascii.length; k++) {
            if (seg.get(U8, at + k) != ascii[k]) return false;
        }
        return true;
    }

    /** The raw bytes of parameter {@code i} (a slice of the source memory, valid as long as the view). */
    public MemorySegment paramSlice(int i) {
        return seg.asSlice(paramOffset(i), paramLength(i));
    }

    @Override
    public String toString() {
        return "event #" + number + " " + (info != null ? info.ppme() : "type " + type()) + " tid " + tid()
                + " ts " + ts() + " nparams " + nparams;
    }
}
