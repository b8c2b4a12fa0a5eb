package dev.talon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.event.EventView;
import dev.talon.scap.Source;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressSourceTest {
    /** A source of {@code count} events over {@code size} bytes, read evenly. */
    static final class CountingSource implements Source {
        final long count;
        long delivered;

        CountingSource(long count) {
            this.count = count;
        }

        @Override
        public boolean next(EventView into) {
            if (delivered == count) return false;
            delivered++;
            return true;
        }

        @Override
        public long position() {
            return delivered * 100;
        }

        @Override
        public long size() {
            return count * 100;
        }

        @Override
        public void close() {}
    }

    private static String drain(Source s) throws Exception {
        EventView v = new EventView();
        while (s.next(v)) {
            // read to the end
        }
        s.close();
        return "";
    }

    @Test
    void quietForReadsUnderASecond() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] now = {0};
        CountingSource src = new CountingSource(300_000);
        ProgressSource p = new ProgressSource(src, new PrintStream(err, true), () -> now[0] += 1_000); // 1 µs a look
        drain(p);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(src.delivered).isEqualTo(300_000);
    }

    @Test
    void reportsPercentAndCountThenClearsTheLine() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] now = {0};
        CountingSource src = new CountingSource(4 * 65_536);
        ProgressSource p = new ProgressSource(src, new PrintStream(err, true), () -> now[0] += 600_000_000L);
        drain(p);
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("reading:  50%  131,072 events").contains("reading:  75%  196,608 events");
        assertThat(out).endsWith("\r\033[K");
    }
}
