package dev.talon.outputs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code stdout_output}: one line per alert. */
final class StdoutChannel implements OutputChannel {
    private final PrintStream out;
    private final boolean buffered;

    StdoutChannel(PrintStream out, boolean buffered) {
        this.out = out;
        this.buffered = buffered;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void write(Alert alert, String formatted) throws IOException {
        // one write call per line: PrintStream is synchronized, so lines from other writers never interleave
        out.write((formatted + "\n").getBytes(StandardCharsets.UTF_8));
        if (!buffered) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        if (out.checkError()) {
            throw new IOException("write to standard output failed");
        }
    }

    @Override
    public void close() throws IOException {
        flush(); // never close the process's stdout
    }
}
