package dev.talon.scap;

import dev.talon.event.ByteWindow;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bounds-checked little-endian reader over the body of one block. Every read past the end, and every
 * length field exceeding its cap or the bytes left, becomes a {@link ScapFormatException} naming the
 * block and the absolute offset of the field.
 */
final class BlockCursor {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MemorySegment seg;
    private final ByteWindow window = new ByteWindow();
    private long pos;
    private long end;
    private long streamDelta;
    private String block;
    private boolean decompressed;

    BlockCursor() {}

    BlockCursor(MemorySegment seg, long start, long end, long streamOffsetOfStart, String block, boolean decompressed) {
        reset(seg, start, end, streamOffsetOfStart, block, decompressed);
    }

    /** Points the cursor at {@code [start, end)} of {@code seg}, which sits at {@code streamOffsetOfStart}. */
    BlockCursor reset(MemorySegment seg, long start, long end, long streamOffsetOfStart, String block, boolean decompressed) {
        this.seg = seg;
        this.pos = start;
        this.end = end;
        this.streamDelta = streamOffsetOfStart - start;
        this.block = block;
        this.decompressed = decompressed;
        return this;
    }

    long position() {
        return pos;
    }

    long remaining() {
        return end - pos;
    }

    /** Offset of the cursor in the (decompressed) file. */
    long streamOffset() {
        return pos + streamDelta;
    }

    ScapFormatException error(String detail) {
        return errorAt(pos, detail);
    }

    ScapFormatException errorAt(long segmentPos, String detail) {
        return new ScapFormatException(block, segmentPos + streamDelta, decompressed, detail);
    }

    void need(long n, String what) throws ScapFormatException {
        if (n > end - pos) {
            throw error(what + " needs " + n + " bytes but only " + (end - pos) + " remain in the block");
        }
    }

    void skip(long n) throws ScapFormatException {
        need(n, "skipping");
        pos += n;
    }

    int u8(String what) throws ScapFormatException {
        need(1, what);
        return window.getByte(seg, pos++) & 0xFF;
    }

    int u16(String what) throws ScapFormatException {
        need(2, what);
        int v = window.getShort(seg, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    int u32(String what) throws ScapFormatException {
        need(4, what);
        int v = window.getInt(seg, pos);
        pos += 4;
        return v;
    }

    /** Four bytes in network order as a big-endian int (IPv4 addresses). */
    int ipv4(String what) throws ScapFormatException {
        need(4, what);
        int v = Integer.reverseBytes(window.getInt(seg, pos));
        pos += 4;
        return v;
    }

    long u64(String what) throws ScapFormatException {
        need(8, what);
        long v = window.getLong(seg, pos);
        pos += 8;
        return v;
    }

    Ipv6Address ipv6(String what) throws ScapFormatException {
        need(16, what);
        Ipv6Address a = new Ipv6Address(Long.reverseBytes(window.getLong(seg, pos)),
                Long.reverseBytes(window.getLong(seg, pos + 8)));
        pos += 16;
        return a;
    }

    /** Raw bytes (no length prefix). */
    byte[] bytes(int n, String what) throws ScapFormatException {
        need(n, what);
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, n);
        pos += n;
        return b;
    }

    /**
     * {@code n} bytes as a string, one char per byte (ISO-8859-1): capture strings are bytes (paths and names
     * need not be UTF-8), and every field, filter and output of Talon treats a char as the byte it came from.
     */
    String string(int n, String what) throws ScapFormatException {
        return new String(bytes(n, what), StandardCharsets.ISO_8859_1);
    }

    /** A u16-length-prefixed string (no NUL on disk) of at most {@code max} bytes. */
    String str16(int max, String what) throws ScapFormatException {
        byte[] b = str16Bytes(max, what);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A NUL-separated list stored as a u16-length-prefixed string; a missing final NUL is tolerated. */
    List<String> list16(int max, String what) throws ScapFormatException {
        byte[] b = str16Bytes(max, what);
        return dev.talon.event.ByteText.nulList(b, b.length);
    }

    private byte[] str16Bytes(int max, String what) throws ScapFormatException {
        long at = pos;
        int len = u16(what + " length");
        if (len > max) {
            throw errorAt(at, what + " length " + len + " exceeds the maximum of " + max);
        }
        return bytes(len, what);
    }

    /** The string up to the first NUL of a fixed-size, NUL-padded field. */
    String fixedString(int size, String what) throws ScapFormatException {
        byte[] b = bytes(size, what);
        int n = 0;
        while (n < size && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
