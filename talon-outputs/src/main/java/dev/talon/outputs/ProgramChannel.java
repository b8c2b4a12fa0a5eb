package dev.talon.outputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code program_output}: pipes each alert line to {@code sh -c <program>} on its standard input.
 * With {@code keep_alive} one process receives every line (restarted after it dies); otherwise a new
 * process gets one line, its stdin is closed and we wait for it to exit, like Falco's popen/pclose.
 * The program's stdout and stderr are Talon's own.
 */
final class ProgramChannel implements OutputChannel {
    private final String program;
    private final boolean keepAlive;
    private final boolean buffered;
    private Process process;
    private OutputStream stdin;

    ProgramChannel(String program, boolean keepAlive, boolean buffered) {
        this.program = program;
        this.keepAlive = keepAlive;
        this.buffered = buffered;
    }

    @Override
    public String name() {
        return "program";
    }

    private Process start() throws IOException {
        return new ProcessBuilder(List.of("/bin/sh", "-c", program))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    @Override
    public void write(Alert alert, String formatted) throws IOException {
        byte[] line = (formatted + "\n").getBytes(StandardCharsets.UTF_8);
        if (keepAlive) {
            writeKeepAlive(line);
        } else {
            writeOnce(line);
        }
    }

    private void writeKeepAlive(byte[] line) throws IOException {
        if (process != null && !process.isAlive()) {
            int code = process.exitValue();
            stop();
            throw new IOException("program '" + program + "' exited with status " + code + "; restarting it");
        }
        try {
            if (process == null) {
                process = start();
                stdin = buffered ? new BufferedOutputStream(process.getOutputStream(), 64 * 1024)
                        : process.getOutputStream();
            }
            stdin.write(line);
            if (!buffered) {
                stdin.flush();
            }
        } catch (IOException e) {
            stop();
            throw new IOException("writing to program '" + program + "' failed: " + e.getMessage(), e);
        }
    }

    private void writeOnce(byte[] line) throws IOException {
        Process p = start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(line);
        } catch (IOException e) {
            // the program may legitimately exit without reading; its status decides
        }
        try {
            int code = p.waitFor();
            if (code != 0) {
                throw new IOException("program '" + program + "' exited with status " + code);
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for program '" + program + "'", e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (stdin != null) {
            try {
                stdin.flush();
            } catch (IOException e) {
                stop();
                throw new IOException("writing to program '" + program + "' failed: " + e.getMessage(), e);
            }
        }
    }

    private void stop() {
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // the pipe is already broken
            }
        }
        if (process != null) {
            process.destroy();
        }
        stdin = null;
        process = null;
    }

    @Override
    public void close() throws IOException {
        if (process == null) {
            return;
        }
        // closing stdin is the program's end-of-input; give it a moment to finish its last line
        Process p = process;
        try {
            stdin.close();
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroy();
            }
        } catch (IOException e) {
            p.destroy(); // broken pipe: the program is gone or not reading
            throw e;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
        } finally {
            stdin = null;
            process = null;
        }
    }

    @Override
    public String toString() {
        return "program " + program;
    }
}
