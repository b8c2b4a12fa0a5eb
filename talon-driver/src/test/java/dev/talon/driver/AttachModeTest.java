package dev.talon.driver;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which selections the probe may serve in direct mode (one fexit program per syscall). No kernel needed. */
class AttachModeTest {
    private static final Set<String> FILLERS = Set.of("openat", "close", "connect", "execve", "clone", "read");

    @Test
    void aSmallSelectionOfSyscallsWithFillersIsDirect() {
        assertThat(LoadedProbe.eligible(Set.of("execve", "connect"), FILLERS, n -> true)).isTrue();
    }

    @Test
    void emptyLargeOrGenericSelectionsNeedSysExit() {
        assertThat(LoadedProbe.eligible(Set.of(), FILLERS, n -> true)).as("nothing selected").isFalse();
        assertThat(LoadedProbe.eligible(Set.of("openat", "getpid"), FILLERS, n -> true))
                .as("getpid has no filler: only the sys_exit program writes generic events").isFalse();
        assertThat(LoadedProbe.eligible(Set.of("execve", "clone"), FILLERS, n -> true))
                .as("fork-like syscalls: the parent's side, from which the state builds the child").isTrue();
        Set<String> many = new HashSet<>();
        for (int i = 0; i <= LoadedProbe.DIRECT_MAX; i++) {
            many.add("s" + i);
        }
        assertThat(LoadedProbe.eligible(many, many, n -> true)).as("more than DIRECT_MAX").isFalse();
        assertThat(LoadedProbe.eligible(Set.of("execve", "connect"), FILLERS, n -> !n.equals("connect")))
                .as("a syscall function missing from the kernel's BTF").isFalse();
    }

    @Test
    void everyFillerProgramIsNamedAfterASyscall() throws Exception {
        ProbeSpec spec = ProbeSpec.embedded();
        Set<String> fillers = LoadedProbe.fillerSyscalls(spec.programs(), SyscallTable.load());
        Set<String> programs = new TreeSet<>(spec.programs());
        programs.removeAll(ProbeSpec.ENTRY_PROGRAMS);
        assertThat(fillers).hasSize(programs.size()).contains("openat", "execve", "connect", "clone3");
        for (String f : fillers) {
            assertThat(programs).contains(f + "_x");
        }
        assertThat(LoadedProbe.FORK_LIKE).allMatch(fillers::contains);
    }
}
