package dev.talon.scap;

import dev.talon.event.EventView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test helpers: captures in memory, and what reading one yields. */
final class Captures {
    private Captures() {}

    /** A file's bytes, decompressed if it is gzip. */
    static byte[] plainBytes(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] all = raw.readAllBytes();
            if (all.length > 1 && (all[0] & 0xFF) == 0x1F && (all[1] & 0xFF) == 0x8B) {
                try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(all))) {
                    return gz.readAllBytes();
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a plain capture held in memory. */
    static Source openPlain(byte[] capture, MetadataSink sink) throws CaptureException {
        return new ScapFileSource(new MappedBlockInput(MemorySegment.ofArray(capture)), sink);
    }

    /** Opens a gzip-compressed capture held in memory. */
    static Source openGzip(byte[] gzip, MetadataSink sink) throws CaptureException {
        return new ScapFileSource(new GzipBlockInput(new ByteArrayInputStream(gzip), gzip.length), sink);
    }

    /** One delivered event, copied. */
    record Event(byte[] bytes, int cpu, int flags, long number) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && Arrays.equals(bytes, e.bytes) && cpu == e.cpu && flags == e.flags
                    && number == e.number;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + cpu;
        }

        @Override
        public String toString() {
            return "event #" + number + " cpu " + cpu + " flags " + flags + " " + bytes.length + " bytes";
        }
    }

    static Event copy(EventView v) {
        byte[] b = new byte[v.length()];
        MemorySegment.copy(v.segment(), ValueLayout.JAVA_BYTE, v.offset(), b, 0, b.length);
        return new Event(b, v.cpu(), v.dumpFlags(), v.number());
    }

    /** What reading a capture to its end gave: the events, then the error that stopped it (or null). */
    record Outcome(int events, List<Event> copies, Exception error) {}

    interface Opener {
        Source open() throws CaptureException;
    }

    /** Reads to the end; only a {@link CaptureException} is caught, anything else fails the caller. */
    static Outcome readAll(Opener opener, boolean keep) {
        List<Event> copies = new ArrayList<>();
        int n = 0;
        EventView v = new EventView();
        try (Source s = opener.open()) {
            while (s.next(v)) {
                n++;
                if (keep) {
                    copies.add(copy(v));
                }
            }
            // after the end, the source stays at the end
            if (s.next(v)) {
                throw new AssertionError("event after the end of the stream");
            }
            return new Outcome(n, copies, null);
        } catch (CaptureException e) {
            return new Outcome(n, copies, e);
        }
    }
}
