package dev.talon.driver;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Direct mode (root + BPF + a kernel that lets fexit programs load): a small selection is hooked one
 * syscall at a time, events are the same as in sys_exit mode, and syscalls outside the selection never
 * reach the probe (getpid has no filler: a selection with it needs the sys_exit mode's generic event).
 * Where fexit is refused, or the kernel runs ia32 programs (whose calls an fexit program on the x86_64
 * syscall function would miss), the probe runs in sys_exit mode instead, which this test checks first
 * and then skips with the mode's reason (LiveProbeTest covers sys_exit mode).
 */
class DirectModeLiveTest {
    private static final long WAIT_NANOS = 15_000_000_000L;

    @Test
    void selectedSyscallsAreHookedOneByOne() throws Exception {
        String why = Preflight.unavailableReason();
        assumeTrue(why == null, () -> "live probe unavailable: " + why);
        ProbeOptions options = ProbeOptions.defaults().withRingBytesPerCpu(1 << 20).withSyscalls(Set.of("openat", "close"));
        try (LoadedProbe probe = ProbeSpec.embedded().load(options)) {
            if (!probe.direct()) {
                // the fallback is a working probe whose mode names why direct mode was not used
                assertThat(probe.mode()).startsWith("sys_exit");
                assumeTrue(false, () -> "direct mode unavailable here, probe runs as: " + probe.mode());
            }
            assertThat(probe.mode()).startsWith("direct");
            try (Attachment a = probe.attach(); RingBufferSource source = probe.openSource()) {
                assertThat(a.programs()).contains("openat_x", "close_x").doesNotContain(ProbeSpec.DISPATCHER);
                Path path = Path.of("/tmp/talon-direct-" + UUID.randomUUID());
                Files.writeString(path, "talon");
                ProbeStats before = probe.stats();
                try (FileInputStream in = new FileInputStream(path.toFile())) {
                    assertThat(in.read(new byte[8])).isPositive(); // read(2): not selected, never seen
                }
                EventView v = new EventView();
                boolean open = false;
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (!open && System.nanoTime() < deadline) {
                    if (source.poll(v, 200)) {
                        assertThat(v.type()).isIn(EventTypes.PPME_SYSCALL_OPENAT_2_X, EventTypes.PPME_SYSCALL_CLOSE_X,
                                EventTypes.PPME_PROCEXIT_1_E);
                        open = v.type() == EventTypes.PPME_SYSCALL_OPENAT_2_X && path.toString().equals(v.paramString(2));
                    }
                }
                assertThat(open).as("openat of %s captured", path).isTrue();
                assertThat(probe.stats().seen()).isGreaterThan(before.seen());

                probe.setSyscalls(Set.of("openat", "connect"));
                assertThat(a.programs()).contains("openat_x", "connect_x").doesNotContain("close_x");
                assertThatThrownBy(() -> probe.setSyscalls(Set.of("openat", "getpid")))
                        .isInstanceOf(DriverException.class).hasMessageContaining("direct mode");
                Files.deleteIfExists(path);
            }
        }
    }
}
