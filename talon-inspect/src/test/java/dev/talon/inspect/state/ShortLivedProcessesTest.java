package dev.talon.inspect.state;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's bound: a million short-lived processes (fork, exec, exit, like a shell loop running /bin/true)
 * pass through the state tracker, and the thread table stays at the long-lived processes plus the few
 * children alive at once, during the run and at its end.
 */
class ShortLivedProcessesTest {
    static final int PROCESSES = 1_000_000;
    static final int BATCH = 20_000;
    static final long SHELL = 100, FIRST_CHILD = 1000;

    @Test
    void aMillionForkExecExitCyclesKeepTheThreadTableSmall() {
        StateTracker state = new StateTracker();
        state.addThread(1, 1, 0, "systemd", "/sbin/init", "/sbin/init", "/", 0, 0, 1024);
        state.addThread(SHELL, SHELL, 1, "bash", "/bin/bash", "/bin/bash", "/home/u", 1000, 1000, 1024);
        EventView e = new EventView();
        long ts = 1_000_000_000L;
        int maxSize = 0;
        long lastChildSeen = -1;
        for (int done = 0; done < PROCESSES; done += BATCH) {
            SyntheticSource.Builder b = SyntheticSource.builder();
            for (int i = done; i < done + BATCH; i++) {
                // tids wrap around like the kernel's pid allocator (here every 300000 processes)
                long child = FIRST_CHILD + i % 300_000;
                b.event(EventTypes.PPME_SYSCALL_CLONE_20_E, ts++, SHELL);
                b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, SHELL, child, "/bin/bash", "", SHELL, SHELL, 1L, "",
                        1024L, 0L, 0L, 0, 0, 0, "bash", "", 0x01200011);
                b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, child, 0L, "/bin/bash", "", child, child, SHELL, "",
                        1024L, 0L, 0L, 0, 0, 0, "bash", "", 0x01200011);
                b.event(EventTypes.PPME_SYSCALL_EXECVE_19_E, ts++, child, "/bin/true");
                b.event(EventTypes.PPME_SYSCALL_EXECVE_19_X, ts++, child, 0L, "/bin/true", "", child, child, SHELL, "",
                        1024L, 0L, 0L, 0, 0, 0, "true");
                b.event(EventTypes.PPME_PROCEXIT_1_E, ts++, child, 0L);
            }
            try (SyntheticSource src = b.build()) {
                while (src.next(e)) {
                    state.onEvent(e);
                    ThreadInfo t = state.thread();
                    if (t != null && t.tid() >= FIRST_CHILD && "true".equals(t.comm())) lastChildSeen = t.tid();
                }
            }
            maxSize = Math.max(maxSize, state.threads().size());
            assertThat(state.threads().size()).as("threads after %d processes", done + BATCH).isLessThanOrEqualTo(4);
        }
        // the execs really happened (the state followed the children), and every exited child left the table
        assertThat(lastChildSeen).isEqualTo(FIRST_CHILD + (PROCESSES - 1) % 300_000);
        assertThat(state.threads().get(SHELL).comm()).isEqualTo("bash");
        assertThat(state.threads().size()).isLessThanOrEqualTo(3);
        assertThat(maxSize).isLessThanOrEqualTo(4);
    }
}
