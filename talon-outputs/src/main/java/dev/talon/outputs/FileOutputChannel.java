package dev.talon.outputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code file_output}: appends one line per alert. With {@code keep_alive} the file stays open (and,
 * with {@code buffered_outputs}, is flushed whenever the queue runs empty); otherwise it is opened and
 * closed for each alert, which lets log rotation move it away between alerts.
 */
final class FileOutputChannel implements OutputChannel {
    private final Path path;
    private final boolean keepAlive;
    private final boolean buffered;
    private OutputStream out;

    FileOutputChannel(Path path, boolean keepAlive, boolean buffered) {
        this.path = path;
        this.keepAlive = keepAlive;
        this.buffered = buffered;
    }

    @Override
    public String name() {
        return "file";
    }

    private OutputStream open() throws IOException {
        OutputStream o = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return buffered && keepAlive ? new BufferedOutputStream(o, 64 * 1024) : o;
    }

    @Override
    public void write(Alert alert, String formatted) throws IOException {
        byte[] line = (formatted + "\n").getBytes(StandardCharsets.UTF_8);
        if (!keepAlive) {
            try (OutputStream o = open()) {
                o.write(line);
            }
            return;
        }
        try {
            if (out == null) {
                out = open();
            }
            out.write(line);
            if (!buffered) {
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(); // reopen on the next alert
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                closeQuietly();
                throw e;
            }
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the stream is being discarded after a failure that was already reported
        } finally {
            out = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }

    @Override
    public String toString() {
        return "file " + path;
    }
}
