package dev.talon.scap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens {@code .scap} capture files (spec: {@code shared/spec/scap-file-format.md}). Plain files are
 * memory-mapped and events are views of the mapping; gzip files (sniffed by their 1F 8B magic, as
 * libscap reads everything through zlib) are decompressed block by block into one reused buffer.
 */
public final class ScapReader {
    private ScapReader() {}

    /** Opens a capture, ignoring its metadata. */
    public static Source open(Path file) throws CaptureException {
        return open(file, MetadataSink.NONE);
    }

    /**
     * Opens a capture and parses its header section: when this returns, the section header and all
     * metadata before the first event have been delivered to {@code sink}.
     *
     * @throws ScapFormatException if the file is not a capture, is damaged before the first event, or has
     *                             no event block ("no events in file")
     * @throws CaptureException    if the file cannot be opened or read
     */
    public static Source open(Path file, MetadataSink sink) throws CaptureException {
        BlockInput input = openBlocks(file);
        try {
            return new ScapFileSource(input, sink);
        } catch (CaptureException | RuntimeException | Error e) {
            input.close();
            throw e;
        }
    }

    /** Opens the block layer of a capture: mapped for plain files, streamed for gzip. */
    static BlockInput openBlocks(Path file) throws CaptureException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CaptureException("cannot open capture file " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CaptureException("cannot open capture file " + file + ": permission denied", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CaptureException("cannot open capture file " + file + ": " + e.getMessage(), e);
        }
        BlockInput input = null;
        try {
            ByteBuffer magic = ByteBuffer.allocate(2);
            while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
                // a regular file returns the two bytes at once; loop for odd filesystems
            }
            if (magic.position() == 2 && (magic.get(0) & 0xFF) == 0x1F && (magic.get(1) & 0xFF) == 0x8B) {
                long size = channel.size();
                InputStream stream = Channels.newInputStream(channel);
                input = new GzipBlockInput(stream, size);
            } else {
                input = new MappedBlockInput(channel);
                channel.close(); // the mapping outlives the channel
            }
            return input;
        } catch (IOException e) {
            closeQuietly(channel, input);
            throw new CaptureException("cannot read capture file " + file + ": " + e.getMessage(), e);
        } catch (CaptureException | RuntimeException | Error e) {
            closeQuietly(channel, input);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel, BlockInput input) {
        if (input != null) {
            input.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing; the original error is the one worth reporting
        }
    }
}
