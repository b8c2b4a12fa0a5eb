package dev.talon.scap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/** A plain capture file mapped into memory: blocks (and the events in them) are views of the mapping. */
final class MappedBlockInput extends BlockInput {
    private final Arena arena;
    private final long size;
    private long pos;

    MappedBlockInput(FileChannel channel) throws IOException {
        this.size = channel.size();
        this.arena = Arena.ofShared();
        try {
            this.segment = size == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Reads a capture already in memory (tests, fuzzing); {@code bytes} is not copied. */
    MappedBlockInput(MemorySegment bytes) {
        this.size = bytes.byteSize();
        this.arena = null;
        this.segment = bytes;
    }

    @Override
    boolean nextBlock() throws CaptureException {
        long left = size - pos;
        if (left == 0) {
            return false;
        }
        if (left < HEADER) {
            if (pos == 0) {
                throw error(0, null, "not a scap capture file: only " + size + " bytes long");
            }
            throw error(pos, null, "truncated block header: " + left + " of " + HEADER + " bytes at end of file");
        }
        int t = u32At(pos);
        long len = Integer.toUnsignedLong(u32At(pos + 4));
        checkHeader(pos, t, len);
        if (len > left) {
            throw error(pos, BlockType.name(t), "block length " + len + " exceeds the " + left
                    + " bytes left in the file (truncated?)");
        }
        type = t;
        total = len;
        base = pos;
        streamOffset = pos;
        checkTrailer();
        pos += len;
        return true;
    }

    @Override
    boolean compressed() {
        return false;
    }

    @Override
    long position() {
        return pos;
    }

    @Override
    long size() {
        return size;
    }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
