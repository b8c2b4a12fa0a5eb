package dev.talon.driver;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightTest {

    @Test
    void oldKernelsAreNamedWithTheMinimumVersion() {
        assertThatThrownBy(() -> Preflight.checkKernel("5.15.0-91-generic"))
                .isInstanceOfSatisfying(KernelTooOldException.class, e -> {
                    assertThat(e.running()).isEqualTo("5.15.0-91-generic");
                    assertThat(e.minimum()).isEqualTo("6.2");
                });
        assertThatCode(() -> Preflight.checkKernel("6.2.0")).doesNotThrowAnyException();
        assertThatCode(() -> Preflight.checkKernel("6.18.44-fc-v669")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Preflight.checkKernel("banana")).isInstanceOf(DriverException.class)
                .hasMessageContaining("banana");
    }

    @Test
    void privilegesNeedRootOrBpfWithPerfmon() {
        long bpf = 1L << Preflight.CAP_BPF;
        long perfmon = 1L << Preflight.CAP_PERFMON;
        assertThatCode(() -> Preflight.checkPrivileges(1L << Preflight.CAP_SYS_ADMIN)).doesNotThrowAnyException();
        assertThatCode(() -> Preflight.checkPrivileges(bpf | perfmon)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Preflight.checkPrivileges(bpf))
                .isInstanceOf(MissingPrivilegeException.class).hasMessageContaining("root");
        assertThatThrownBy(() -> Preflight.checkPrivileges(0)).isInstanceOf(MissingPrivilegeException.class);
    }

    @Test
    void missingBtfNamesTheFile() {
        assertThatThrownBy(() -> Preflight.checkBtf(Path.of("/nonexistent/vmlinux")))
                .isInstanceOfSatisfying(BtfMissingException.class,
                        e -> assertThat(e.path()).isEqualTo("/nonexistent/vmlinux"))
                .hasMessageContaining("CONFIG_DEBUG_INFO_BTF");
    }

    @Test
    void onlyLinuxOnX86() {
        assertThatThrownBy(() -> Preflight.checkPlatform("Mac OS X", "aarch64")).isInstanceOf(DriverException.class);
        assertThatThrownBy(() -> Preflight.checkPlatform("Linux", "aarch64")).hasMessageContaining("x86_64");
        assertThatCode(() -> Preflight.checkPlatform("Linux", "amd64")).doesNotThrowAnyException();
    }

    @Test
    void verifierFailuresCarryTheWholeLog() {
        String log = "libbpf: prog 'openat_x': BPF program load failed: Permission denied\n"
                + "libbpf: prog 'openat_x': -- BEGIN PROG LOAD LOG --\n"
                + "0: R1=ctx() R10=fp0\n; int BPF_PROG(openat_x...\n"
                + "5: (79) r2 = *(u64 *)(r1 +8)\ninvalid access to map value, value_size=65552 off=65552 size=8\n"
                + "processed 12 insns (limit 1000000)\n"
                + "-- END PROG LOAD LOG --\n"
                + "libbpf: failed to load object 'talon'\n";
        DriverException e = LoadedProbe.loadError(13, LibBpf.Log.of(log));
        assertThat(e).isInstanceOfSatisfying(VerifierException.class, v -> {
            assertThat(v.program()).isEqualTo("openat_x");
            assertThat(v.log()).contains("5: (79) r2 = *(u64 *)(r1 +8)").contains("processed 12 insns")
                    .doesNotContain("END PROG LOAD LOG");
            assertThat(v.getMessage()).contains("openat_x").contains("invalid access to map value");
        });
    }

    @Test
    void permissionErrorsWithoutAVerifierLogMeanBpfIsUnavailable() {
        assertThat(LoadedProbe.loadError(1, LibBpf.Log.of("libbpf: Error in bpf_object__probe_loading()")))
                .isInstanceOf(BpfUnavailableException.class).hasMessageContaining("lockdown");
        assertThat(LoadedProbe.loadError(22, LibBpf.Log.of(""))).isExactlyInstanceOf(DriverException.class);
    }
}
