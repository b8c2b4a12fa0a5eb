package dev.talon.cli;

import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.scap.CaptureException;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.ScapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code -w FILE} with sysdig's rotation flags, following libsinsp's cycle_writer: {@code -C MB}
 * starts a new file when the current one exceeds MB x 1,000,000 bytes and appends the file index to
 * the name (zero-padded to the digits of {@code -W}); {@code -G SECS} starts a new file when an
 * event is SECS seconds newer than the file's start, naming files by strftime of FILE when it holds
 * a {@code %} (deleting the file {@code -W} generations back) or FILE followed by the index
 * otherwise; {@code -W N} makes the index wrap at N, so at most N numbered files exist. Every file
 * starts with a full state (machine, users, processes, fds) written by {@code stateWriter}, so each
 * can be read on its own. Buffered events are flushed at least every second and whenever the capture
 * is idle ({@link #flush()}), so a capture killed with SIGKILL keeps all but its last moments.
 */
final class CaptureRotation implements Inspector.EventListener, AutoCloseable {
    /** An event block (ScapWriter's EV_V2/EVF_V2 layout): type+length, body padded to 4, length again. */
    private static final int BLOCK_HEADER = 8, BLOCK_TRAILER = 4;
    /** Buffered events reach the file at least this often (the clock is read every 256 events). */
    private static final long FLUSH_NANOS = 1_000_000_000L;

    /** sysdig's -C (MB, 0 = none), -G (seconds, 0 = none) and -W (files, 0 = unlimited). */
    record Settings(Path base, int rolloverMb, int durationSeconds, int fileLimit) {
        Settings {
            if (rolloverMb < 0 || durationSeconds < 0 || fileLimit < 0) {
                throw new IllegalArgumentException("-C, -G and -W take non-negative numbers");
            }
        }

        boolean rotates() {
            return rolloverMb > 0 || durationSeconds > 0;
        }
    }

    private final Settings settings;
    private final Consumer<MetadataSink> stateWriter;
    private final String[] pastNames;
    private final List<Path> opened = new ArrayList<>();
    private final String indexFormat;
    private ScapWriter writer;
    private Path current;
    private long bytes;
    private long lastSeconds;
    private int fileIndex;
    private boolean closed;
    private long sinceClockCheck;
    private long lastFlush = System.nanoTime();

    /**
     * Opens the first file. Its state comes from whoever feeds {@link #firstFileSink()} (the initial
     * /proc scan); later files get theirs from {@code stateWriter}.
     */
    CaptureRotation(Settings settings, Consumer<MetadataSink> stateWriter) throws CaptureException {
        this.settings = settings;
        this.stateWriter = stateWriter;
        this.pastNames = settings.durationSeconds() > 0 && settings.fileLimit() > 0 ? new String[settings.fileLimit()] : null;
        int digits = settings.fileLimit() == 0 ? 0 : Integer.toString(settings.fileLimit()).length();
        this.indexFormat = digits == 0 ? "%d" : "%0" + digits + "d";
        this.lastSeconds = Instant.now().getEpochSecond();
        openNext();
    }

    /** The writer of the first file, to receive the initial state. */
    MetadataSink firstFileSink() {
        return writer;
    }

    /** Call once the first file's state has been delivered: the size count starts from there. */
    void stateWritten() throws CaptureException {
        measure();
    }

    /** Files created so far, in order (a wrapped index reuses a name). */
    List<Path> files() {
        return List.copyOf(opened);
    }

    @Override
    public void accept(EventView e) throws CaptureException {
        if (settings.durationSeconds() > 0) {
            long sec = Long.divideUnsigned(e.ts(), 1_000_000_000L);
            if (sec - lastSeconds >= settings.durationSeconds()) {
                lastSeconds = sec;
                rotate();
            }
        }
        if (settings.rolloverMb() > 0 && bytes > settings.rolloverMb() * 1_000_000L) {
            rotate();
        }
        writer.write(e);
        if ((++sinceClockCheck & 255) == 0) {
            long now = System.nanoTime();
            if (now - lastFlush >= FLUSH_NANOS) {
                flush();
            }
        }
        int flags = e.dumpFlags() & ~4; // the LARGE bit is never stored
        int body = 2 + (flags != 0 ? 4 : 0) + e.length();
        bytes += BLOCK_HEADER + body + ((4 - (body & 3)) & 3) + BLOCK_TRAILER;
    }

    /**
     * Writes what is buffered. Called when the capture is idle and at least every second under a
     * steady load, so a capture killed with SIGKILL loses only its last moments.
     */
    void flush() throws CaptureException {
        writer.flush();
        lastFlush = System.nanoTime();
    }

    private void rotate() throws CaptureException {
        writer.close();
        openNext();
        stateWriter.accept(writer);
        measure();
    }

    private void measure() throws CaptureException {
        writer.flush();
        try {
            bytes = Files.size(current);
        } catch (IOException e) {
            throw new CaptureException("cannot read the size of " + current + ": " + e.getMessage(), e);
        }
    }

    /** cycle_writer::next_file: the next name, then open it. */
    private void openNext() throws CaptureException {
        if (settings.fileLimit() > 0 && fileIndex >= settings.fileLimit()) {
            fileIndex = 0;
        }
        String base = settings.base().toString();
        String name;
        if (settings.durationSeconds() > 0) {
            if (base.contains("%")) {
                name = Strftime.format(base, ZonedDateTime.ofInstant(Instant.ofEpochSecond(lastSeconds), ZoneId.systemDefault()));
                if (pastNames != null) {
                    if (pastNames[fileIndex] != null) {
                        try {
                            Files.deleteIfExists(Path.of(pastNames[fileIndex]));
                        } catch (IOException e) {
                            throw new CaptureException("cannot remove the old capture " + pastNames[fileIndex] + ": " + e.getMessage(), e);
                        }
                    }
                    pastNames[fileIndex] = name;
                }
            } else {
                name = base + fileIndex;
            }
        } else {
            name = base;
        }
        if (settings.rolloverMb() > 0) {
            name += String.format(Locale.ROOT, indexFormat, fileIndex);
        }
        fileIndex++;
        current = Path.of(name);
        writer = ScapWriter.create(current);
        opened.add(current);
    }

    /** Flushes and closes the current file. */
    @Override
    public void close() throws CaptureException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }
}
