package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.talon.event.EventView;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event loop allocates nothing per event: mapped files are viewed in place, gzip uses one buffer. */
class ReadPathAllocationTest {

    @ParameterizedTest
    @ValueSource(strings = {"sf-collector__mpm-event_full_capture.scap", "falco__ping_sendto.scap",
        "falco__open-multiple-files.scap"})
    void eventLoopDoesNotAllocatePerEvent(String name) throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot measure per-thread allocation");
        Path file = Fixtures.named(name).path();
        EventView v = new EventView();
        long events = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++) { // later rounds run compiled code
            try (Source src = ScapReader.open(file)) {
                src.next(v);
                long before = mx.getCurrentThreadAllocatedBytes();
                events = 1;
                while (src.next(v)) {
                    events++;
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - before;
            }
        }
        assertThat(events).isGreaterThan(1000);
        // a fixed budget for one-off growth (v1 upgrade buffer, scratch growth), independent of the event count
        assertThat(allocated).as("bytes allocated reading %d events", events).isLessThan(256 * 1024);
    }
}
