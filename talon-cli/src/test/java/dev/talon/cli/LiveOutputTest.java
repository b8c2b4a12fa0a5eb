package dev.talon.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveOutputTest {
    @Test
    void idleLetsPendingLinesOut() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        LiveCapture.LiveOutput live = new LiveCapture.LiveOutput(new BufferedOutputStream(sink, 1 << 16));
        live.write("a line\n".getBytes(StandardCharsets.US_ASCII));
        live.flushIfPending();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("a line\n");
    }

    @Test
    void aFlushFailureWhileIdleIsThrownByTheNextWrite() throws IOException {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        LiveCapture.LiveOutput live = new LiveCapture.LiveOutput(broken);
        live.write(1);
        live.flushIfPending(); // nothing to throw to: kept
        assertThatThrownBy(() -> live.write(2)).isInstanceOf(IOException.class).hasMessage("Broken pipe");
    }
}
