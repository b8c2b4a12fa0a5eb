package dev.talon.scap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Growable little-endian byte buffer used to assemble blocks before they are written. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    void clear() {
        size = 0;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("block larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, buf.length * 2L)));
        }
    }

    ByteSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    ByteSink u32(int v) {
        ensure(4);
        putU32(size, v);
        size += 4;
        return this;
    }

    void putU32(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    ByteSink u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** An int holding an IPv4 address in network order, written as its four bytes. */
    ByteSink ipv4(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink ipv6(Ipv6Address a) {
        return bytes(a.bytes());
    }

    ByteSink bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteSink bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    ByteSink bytes(MemorySegment seg, long off, int len) {
        ensure(len);
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, buf, size, len);
        size += len;
        return this;
    }

    ByteSink zeros(int n) {
        ensure(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
        return this;
    }

    /**
     * The bytes a string stands for: one per char when every char is one (as the reader decodes capture strings,
     * so strings read from a capture are written back as they were), else its UTF-8 encoding (text made by
     * a program, e.g. a hostname with non-Latin letters).
     */
    static byte[] bytesOf(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xff) return s.getBytes(StandardCharsets.UTF_8);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A u16-length-prefixed string, truncated to {@code max} bytes so readers accept it. */
    ByteSink str16(String s, int max) {
        return str16Bytes(bytesOf(s), max);
    }

    /** A NUL-separated list (each element NUL-terminated) as a u16-length-prefixed string. */
    ByteSink list16(List<String> items, int max) {
        ByteSink tmp = new ByteSink(64);
        for (String s : items) {
            tmp.bytes(bytesOf(s)).u8(0);
        }
        return str16Bytes(Arrays.copyOf(tmp.buf, tmp.size), max);
    }

    private ByteSink str16Bytes(byte[] b, int max) {
        int len = Math.min(b.length, max);
        u16(len);
        return bytes(b, 0, len);
    }

    /** A fixed-size field: the string's bytes, truncated to leave a NUL, then NUL padding. */
    ByteSink fixedString(String s, int size) {
        byte[] b = bytesOf(s);
        int len = Math.min(b.length, size - 1);
        bytes(b, 0, len);
        return zeros(size - len);
    }
}
