package dev.talon.scap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A gzip-compressed capture streamed through {@link GZIPInputStream}: each block is read into one
 * reused scratch buffer that only grows while bytes actually arrive, so a lying length field runs into
 * end of file instead of into a huge allocation.
 */
final class GzipBlockInput extends BlockInput {
    private static final int INITIAL = 64 * 1024;

    private final CountingInputStream compressed;
    private final InputStream in;
    private final long fileSize;
    private byte[] scratch = new byte[INITIAL];
    private long streamPos;

    GzipBlockInput(InputStream file, long fileSize) throws ScapFormatException {
        this.compressed = new CountingInputStream(file);
        this.fileSize = fileSize;
        try {
            this.in = new GZIPInputStream(compressed, INITIAL);
        } catch (IOException e) {
            try {
                file.close();
            } catch (IOException ignored) {
                // the header error is the one to report
            }
            throw new ScapFormatException(null, 0, false, "corrupt gzip header: " + e.getMessage());
        }
        this.segment = MemorySegment.ofArray(scratch);
    }

    @Override
    boolean nextBlock() throws CaptureException {
        int got = fill(0, HEADER);
        if (got == 0) {
            return false;
        }
        if (got < HEADER) {
            if (streamPos == 0) {
                throw error(0, null, "not a scap capture file: only " + got + " bytes long after decompression");
            }
            throw error(streamPos, null, "truncated block header: " + got + " of " + HEADER + " bytes at end of file");
        }
        int t = u32At(0);
        long len = Integer.toUnsignedLong(u32At(4));
        checkHeader(streamPos, t, len);
        int want = (int) len;
        int at = HEADER;
        while (at < want) {
            if (at == scratch.length) {
                scratch = Arrays.copyOf(scratch, (int) Math.min(want, scratch.length * 2L));
                segment = MemorySegment.ofArray(scratch);
            }
            int n = fill(at, Math.min(want, scratch.length) - at);
            at += n;
            if (n == 0) {
                throw error(streamPos, BlockType.name(t), "block length " + len + " but the file ends after "
                        + at + " bytes of it (truncated?)");
            }
        }
        type = t;
        total = len;
        base = 0;
        streamOffset = streamPos;
        checkTrailer();
        streamPos += len;
        return true;
    }

    /** Reads up to {@code n} bytes into the scratch at {@code off}; fewer only at end of stream. */
    private int fill(int off, int n) throws ScapFormatException {
        int done = 0;
        try {
            while (done < n) {
                int r = in.read(scratch, off + done, n - done);
                if (r < 0) {
                    break;
                }
                done += r;
            }
        } catch (IOException e) {
            throw error(streamPos + off + done, null, "cannot decompress the gzip stream after "
                    + compressed.count + " compressed bytes: " + e.getMessage());
        }
        return done;
    }

    @Override
    boolean compressed() {
        return true;
    }

    @Override
    long position() {
        return compressed.count;
    }

    @Override
    long size() {
        return fileSize;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written; a failing close of a read-only file loses nothing
        }
    }

    /** Counts compressed bytes handed to the inflater, for progress reporting. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
