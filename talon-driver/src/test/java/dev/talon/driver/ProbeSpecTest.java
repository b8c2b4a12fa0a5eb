package dev.talon.driver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the embedded object needs libbpf but no kernel access. */
class ProbeSpecTest {

    @Test
    void embeddedProbeDeclaresItsEntryProgramsFillersAndMaps() throws Exception {
        ProbeSpec spec = ProbeSpec.embedded();

        assertThat(spec.size()).isPositive();
        assertThat(spec.programs()).containsAll(ProbeSpec.ENTRY_PROGRAMS)
                .contains("openat_x", "execve_x", "connect_x", "accept4_x", "renameat2_x", "clone3_x",
                        "symlinkat_x", "linkat_x", "ptrace_x", "setns_x", "memfd_create_x", "sendto_x", "dup3_x");
        assertThat(spec.maps()).contains("settings", "interesting", "counters", "scratch", "ringbufs",
                "exit_fillers");
    }

    @Test
    void garbageIsRejectedWithATypedError() {
        assertThatThrownBy(() -> ProbeSpec.of(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("cannot parse the probe object");
    }
}
