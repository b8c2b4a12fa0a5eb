package dev.talon.cli;

import dev.talon.driver.ProbeOptions;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which syscalls a live capture asks the probe for, given the filter. */
class SyscallSelectionTest {
    private static final Set<String> ALL = ProbeOptions.allSyscalls();

    private static Set<String> of(String filter) throws Exception {
        return SyscallSelection.of(filter, ALL);
    }

    @Test
    void noFilterOrNoEventTypeCheckCapturesEverything() throws Exception {
        assertThat(of(null)).isEqualTo(ALL);
        assertThat(of("proc.name = bash")).isEqualTo(ALL);
        assertThat(of("evt.type = open or proc.name = bash")).isEqualTo(ALL);
        assertThat(of("evt.type != open")).hasSize(ALL.size() - 1).doesNotContain("open");
    }

    private static final Set<String> ALWAYS = Set.copyOf(java.util.stream.Stream.concat(
            SyscallSelection.PROCESS_LIFECYCLE.stream(), SyscallSelection.PROCESS_STATE.stream()).filter(ALL::contains).toList());

    @Test
    void eventTypesNarrowTheSelectionPlusTheProcessStateSyscalls() throws Exception {
        Set<String> s = of("evt.type in (execve, connect) and proc.name != java");
        assertThat(s).contains("execve", "connect").containsAll(ALWAYS);
        assertThat(s).as("proc.cwd and user.name stay right").contains("chdir", "setuid");
        assertThat(s).doesNotContain("open", "openat", "read", "close");
        assertThat(of("evt.type = openat or evt.type = rename")).contains("openat", "rename").doesNotContain("read");
        assertThat(of("not (evt.type != write)")).contains("write").doesNotContain("read");
        assertThat(of("evt.type = procexit")).as("not a syscall: only the process-state set").isEqualTo(ALWAYS);
    }
}
