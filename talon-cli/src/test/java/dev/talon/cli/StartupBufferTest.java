package dev.talon.cli;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Events read while /proc is scanned are replayed first, in order and intact, then the live source continues. */
class StartupBufferTest {

    @Test
    void bufferedEventsReplayInOrderThenTheLiveSourceContinues() throws Exception {
        SyntheticSource.Builder b = SyntheticSource.builder();
        for (int i = 0; i < 5000; i++) {
            b.eventOnCpu(i % 3, EventTypes.PPME_SYSCALL_WRITE_X, 1000 + i, 7, (long) i, new byte[i % 300], 3L, i % 300);
        }
        SyntheticSource src = b.build();
        CountDownLatch firstHalf = new CountDownLatch(2500);
        int[] handed = {0};
        // the "rings" hand out the first 2500 events during startup, the rest afterwards
        StartupBuffer.Poller poller = (into, ms) -> {
            if (handed[0] >= 2500) {
                return false;
            }
            boolean got = src.next(into);
            if (got) {
                handed[0]++;
                firstHalf.countDown();
            }
            return got;
        };
        List<Long> ts = new ArrayList<>();
        try (StartupBuffer buffer = StartupBuffer.start(src, poller)) {
            assertThat(firstHalf.await(10, TimeUnit.SECONDS)).isTrue();
            buffer.endOfStartup();
            assertThat(buffer.buffered()).isEqualTo(2500);
            EventView v = new EventView();
            while (buffer.next(v)) {
                ts.add(v.ts());
                long i = v.ts() - 1000;
                assertThat(v.cpu()).isEqualTo((int) (i % 3));
                assertThat(v.paramAsLong(0)).isEqualTo(i);
                assertThat(v.paramLength(1)).isEqualTo((int) (i % 300));
            }
        }
        assertThat(ts).hasSize(5000);
        for (int i = 0; i < ts.size(); i++) {
            assertThat(ts.get(i)).isEqualTo(1000L + i);
        }
    }
}
