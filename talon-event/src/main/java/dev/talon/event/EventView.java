package dev.talon.event;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
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
 *
 * <p>Reads go through a {@link ByteWindow} over the segment (see there why).
 */
public final class EventView {
    public static final int HEADER_V2 = 26;
    public static final int HEADER_V1 = 22;

    private MemorySegment seg = MemorySegment.NULL;
    private long off;
    private final ByteWindow window = new ByteWindow();
    private ByteBuffer buf = window.buffer();
    private int pos; // the event's index in buf
    private int cpu;
    private int dumpFlags;
    private long number;

    // Per-event caches, reset by wrap().
    private EventInfo info;
    private boolean large;
    private int nparams;
    private int[] paramOffsets = new int[33]; // relative to off; entry i+1 = end of param i
    private boolean offsetsDone;
    private long paramsEnd; // valid with offsetsDone

    /** Points the view at the event header at {@code offset} in {@code segment}. */
    public EventView wrap(MemorySegment segment, long offset) {
        this.pos = window.at(segment, offset);
        this.buf = window.buffer();
        this.seg = segment;
        this.off = offset;
        if (pos > buf.limit() - HEADER_V2) {
            throw new IndexOutOfBoundsException("event header at " + offset + " runs past the end of its "
                    + segment.byteSize() + "-byte segment");
        }
        int type = type();
        this.info = EventSchema.info(type);
        this.large = info != null && info.isLargePayload();
        this.nparams = buf.getInt(pos + 22);
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

    /**
     * The little-endian buffer this view reads the event from, valid until the next {@link #wrap}. Absolute
     * gets only (its position and limit are not to be moved); {@link #paramPosition} indexes into it.
     */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Index of parameter {@code i} in {@link #buffer()}. */
    public int paramPosition(int i) {
        return pos + paramStart(i);
    }

    public long ts() {
        return buf.getLong(pos);
    }

    public long tid() {
        return buf.getLong(pos + 8);
    }

    /** Whole event length: header + length array + params. */
    public int length() {
        return buf.getInt(pos + 16);
    }

    public int type() {
        return Short.toUnsignedInt(buf.getShort(pos + 20));
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
        return large ? buf.getInt(pos + HEADER_V2 + 4 * i) : Short.toUnsignedInt(buf.getShort(pos + HEADER_V2 + 2 * i));
    }

    /** Absolute offset of parameter {@code i} in {@link #segment()}. */
    public long paramOffset(int i) {
        return off + paramStart(i);
    }

    /** Parameter {@code i}'s offset from the event's start. */
    private int paramStart(int i) {
        checkIndex(i);
        if (!offsetsDone) computeOffsets();
        return paramOffsets[i];
    }

    /** True when the event carries parameter {@code i} with a non-zero length. */
    public boolean hasParam(int i) {
        return i >= 0 && i < nparams && paramLength(i) > 0;
    }

    /**
     * Where the last parameter ends, counted from the event's first byte: the header, the length array and
     * the lengths (unsigned), added without overflow. Computes the parameter offsets on the way (once per
     * event), so a reader that checks the lengths against the event's size does not walk the array twice.
     * The length array itself must be inside the event.
     */
    public long paramsEnd() {
        if (!offsetsDone) computeOffsets();
        return paramsEnd;
    }

    private void computeOffsets() {
        if (paramOffsets.length < nparams + 1) paramOffsets = new int[nparams + 1];
        int lengths = pos + HEADER_V2;
        long end = HEADER_V2 + (long) (large ? 4 : 2) * nparams;
        paramOffsets[0] = (int) end;
        for (int i = 0; i < nparams; i++) {
            end += large ? Integer.toUnsignedLong(buf.getInt(lengths + 4 * i))
                    : Short.toUnsignedInt(buf.getShort(lengths + 2 * i));
            paramOffsets[i + 1] = (int) end; // exact for any event whose paramsEnd() fits its length
        }
        paramsEnd = end;
        offsetsDone = true;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= nparams) {
            throw new IndexOutOfBoundsException("param " + i + " of " + nparams + " in event type " + type());
        }
    }

    public long paramU64(int i) {
        return buf.getLong(pos + paramStart(i));
    }

    public long paramS64(int i) {
        return buf.getLong(pos + paramStart(i));
    }

    public int paramU32(int i) {
        return buf.getInt(pos + paramStart(i));
    }

    public int paramU16(int i) {
        return Short.toUnsignedInt(buf.getShort(pos + paramStart(i)));
    }

    public int paramU8(int i) {
        return Byte.toUnsignedInt(buf.get(pos + paramStart(i)));
    }

    /** Byte {@code k} of parameter {@code i}, unsigned; the caller keeps {@code k} below its length. */
    public int paramByte(int i, int k) {
        return Byte.toUnsignedInt(buf.get(pos + paramStart(i) + k));
    }

    /** Copies {@code n} bytes of parameter {@code i} from byte {@code from} into {@code dst} at 0. */
    public void copyParam(int i, int from, byte[] dst, int n) {
        buf.get(pos + paramStart(i) + from, dst, 0, n);
    }

    /**
     * The integer value of parameter {@code i}, read with its length (1, 2, 4 or 8 bytes), sign-extended
     * when the schema declares a signed type. Returns 0 for an absent parameter or another length.
     */
    public long paramAsLong(int i) {
        if (i >= nparams) return 0;
        int at = pos + paramStart(i);
        boolean signed = info != null && i < info.paramCount() && info.param(i).type().isSigned();
        return switch (paramLength(i)) {
            case 1 -> signed ? buf.get(at) : Byte.toUnsignedLong(buf.get(at));
            case 2 -> signed ? buf.getShort(at) : Short.toUnsignedLong(buf.getShort(at));
            case 4 -> signed ? buf.getInt(at) : Integer.toUnsignedLong(buf.getInt(at));
            case 8 -> buf.getLong(at);
            default -> 0;
        };
    }

    /** Length of a string parameter up to (not including) the first NUL. */
    public int paramStringLength(int i) {
        int at = pos + paramStart(i);
        int len = paramLength(i);
        for (int k = 0; k < len; k++) {
            if (buf.get(at + k) == 0) return k;
        }
        return len;
    }

    /**
     * A string parameter (charbuf, fspath) decoded as UTF-8 up to the first NUL; null when absent. For text
     * that is UTF-8 by definition (the JSON of container events); paths and names are {@link #paramText}.
     */
    public String paramString(int i) {
        return decode(i, StandardCharsets.UTF_8);
    }

    /**
     * A string parameter up to the first NUL with one char per byte (ISO-8859-1), null when absent: the bytes
     * as they were, whatever their encoding, which is how fields, filters and outputs see capture strings
     * (a path need not be UTF-8, and sysdig prints and compares its bytes).
     */
    public String paramText(int i) {
        return decode(i, StandardCharsets.ISO_8859_1);
    }

    private String decode(int i, java.nio.charset.Charset charset) {
        if (!hasParam(i)) return null;
        int n = paramStringLength(i);
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + pos + paramStart(i), n, charset);
        }
        byte[] bytes = new byte[n];
        buf.get(pos + paramStart(i), bytes);
        return new String(bytes, charset);
    }

    /** Whether a string parameter equals {@code ascii} (compared up to the first NUL), without allocating. */
    public boolean paramStringEquals(int i, byte[] ascii) {
        if (!hasParam(i) || paramStringLength(i) != ascii.length) return false;
        int at = pos + paramStart(i);
        for (int k = 0; k < ascii.length; k++) {
            if (buf.get(at + k) != ascii[k]) return false;
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
