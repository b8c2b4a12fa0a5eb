package dev.talon.driver;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * sys_exit mode with a selection (root + BPF): only the selected syscalls' fillers are loaded, their events
 * are complete, and a later selection that needs a filler left out is refused with the names, not turned
 * into generic events.
 */
class SelectedFillersLiveTest {
    private static final long WAIT_NANOS = 15_000_000_000L;

    @Test
    void onlyTheSelectedFillersAreLoaded() throws Exception {
        String why = Preflight.unavailableReason();
        assumeTrue(why == null, () -> "live probe unavailable: " + why);
        ProbeOptions options = ProbeOptions.defaults().withRingBytesPerCpu(1 << 20).withDirectAttach(false)
                .withSyscalls(Set.of("openat", "close"));
        try (LoadedProbe probe = ProbeSpec.embedded().load(options)) {
            try (Attachment a = probe.attach(); RingBufferSource source = probe.openSource()) {
                Path path = Path.of("/tmp/talon-fillers-" + UUID.randomUUID());
                Files.writeString(path, "talon");
                EventView v = new EventView();
                boolean open = false;
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (!open && System.nanoTime() < deadline) {
                    if (source.poll(v, 200)) {
                        open = v.type() == EventTypes.PPME_SYSCALL_OPENAT_2_X && path.toString().equals(v.paramString(2));
                    }
                }
                Files.deleteIfExists(path);
                assertThat(open).as("openat of %s captured with its path", path).isTrue();

                probe.setSyscalls(Set.of("close")); // a subset: its fillers are there
                assertThatThrownBy(() -> probe.setSyscalls(Set.of("openat", "sendmsg", "readv")))
                        .isInstanceOf(DriverException.class)
                        .hasMessageContaining("[readv, sendmsg]")
                        .hasMessageContaining("withLoadAllFillers");
                probe.setSyscalls(Set.of("openat", "getpid")); // getpid has no filler: the generic event
            }
        }
    }
}
