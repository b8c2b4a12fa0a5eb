package dev.talon.scap;

import dev.talon.event.ByteWindow;

import java.lang.foreign.MemorySegment;

/**
 * Delivers a capture file block by block. After {@link #nextBlock()} returns true the whole current
 * block (header, body, padding, trailer) lies in {@link #segment()} at {@link #base()}, its length
 * and trailer already checked; it stays there until the next call.
 */
abstract sealed class BlockInput implements AutoCloseable permits MappedBlockInput, GzipBlockInput {
    /** Blocks longer than this are rejected before anything is read or allocated for them. */
    static final long MAX_BLOCK = 1L << 30;
    static final int HEADER = 8;
    static final int MIN_BLOCK = 12;

    MemorySegment segment;
    private final ByteWindow window = new ByteWindow();
    long base;
    long streamOffset;
    int type;
    long total;

    /** The u32 at {@code offset} of {@link #segment()}. */
    final int u32At(long offset) {
        return window.getInt(segment, offset);
    }

    /** The u16 at {@code offset} of {@link #segment()}, unsigned. */
    final int u16At(long offset) {
        return Short.toUnsignedInt(window.getShort(segment, offset));
    }

    /** The segment holding the current block. */
    final MemorySegment segment() {
        return segment;
    }

    /** Offset of the current block within {@link #segment()}. */
    final long base() {
        return base;
    }

    /** Offset of the current block in the (decompressed) file. */
    final long streamOffset() {
        return streamOffset;
    }

    final int type() {
        return type;
    }

    /** Whole block length (header, body, padding, trailer). */
    final long total() {
        return total;
    }

    /**
     * Moves to the next block.
     *
     * @return false at a clean end of file (no byte of a further block)
     */
    abstract boolean nextBlock() throws CaptureException;

    /** True when offsets count decompressed bytes. */
    abstract boolean compressed();

    /** Bytes consumed (compressed bytes for gzip). */
    abstract long position();

    /** File size in bytes. */
    abstract long size();

    @Override
    public abstract void close();

    ScapFormatException error(long offset, String block, String detail) {
        return new ScapFormatException(block, offset, compressed(), detail);
    }

    /** Checks a freshly read header before anything is read for the body. */
    final void checkHeader(long offset, int type, long total) throws ScapFormatException {
        if (offset == 0 && type != BlockType.SHB) {
            throw error(0, null, String.format(
                    "not a scap capture file: expected a section header block (0x0A0D0D0A), found 0x%08X", type));
        }
        if (total < MIN_BLOCK) {
            throw error(offset, BlockType.name(type), "block length " + total + " is below the minimum of " + MIN_BLOCK);
        }
        if (total > MAX_BLOCK) {
            throw error(offset, BlockType.name(type), "block length " + total + " exceeds the 1 GiB limit");
        }
    }

    /** Checks the trailing copy of the block length once the whole block is in the segment. */
    final void checkTrailer() throws ScapFormatException {
        long trailer = Integer.toUnsignedLong(u32At(base + total - 4));
        if (trailer != total) {
            throw error(streamOffset + total - 4, BlockType.name(type),
                    "block trailer " + trailer + " does not match the block length " + total);
        }
    }
}
