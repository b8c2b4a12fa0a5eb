package dev.talon.inspect.state;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** proc.nthreads' per-process counts (kept on the main thread) agree with a scan of the table after every change. */
class ThreadCountsTest {

    private static void assertCounts(StateTracker state, long... pids) {
        for (long pid : pids) {
            assertThat(state.threads().threadsOf(pid)).as("threads of %d", pid).isEqualTo(state.threads().scan(pid));
        }
    }

    @Test
    void countsFollowClonesExecsAndExits() throws Exception {
        StateTracker state = new StateTracker();
        state.addThread(1, 1, 0, "init", "/sbin/init", "/sbin/init", "/", 0, 0, 1024);
        state.addThread(10, 10, 1, "bash", "/bin/bash", "/bin/bash", "/", 0, 0, 1024);
        state.addThread(11, 10, 1, "bash", "/bin/bash", "/bin/bash", "/", 0, 0, 1024);
        assertThat(state.threads().threadsOf(10)).isEqualTo(2);
        assertCounts(state, 1, 10, 11, 99);

        EventView e = new EventView();
        long ts = 1_000;
        SyntheticSource.Builder b = SyntheticSource.builder();
        // bash (10) forks 20, which execs and clones 21; bash's thread 11 exits (removed at the next event)
        b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, 10L, 20L, "/bin/bash", "", 10L, 10L, 1L, "",
                1024L, 0L, 0L, 0, 0, 0, "bash", "", 0x01200011);
        b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, 20L, 0L, "/bin/bash", "", 20L, 20L, 10L, "",
                1024L, 0L, 0L, 0, 0, 0, "bash", "", 0x01200011);
        b.event(EventTypes.PPME_SYSCALL_EXECVE_19_X, ts++, 20L, 0L, "/bin/sleep", "", 20L, 20L, 10L, "",
                1024L, 0L, 0L, 0, 0, 0, "sleep");
        b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, 20L, 21L, "/bin/sleep", "", 20L, 20L, 10L, "",
                1024L, 0L, 0L, 0, 0, 0, "sleep", "", 0x00010f00);
        b.event(EventTypes.PPME_PROCEXIT_1_E, ts++, 11L, 0L);
        b.event(EventTypes.PPME_SYSCALL_CLOSE_E, ts++, 10L, 3L);
        try (SyntheticSource src = b.build()) {
            while (src.next(e)) {
                state.onEvent(e);
                assertCounts(state, 1, 10, 11, 20, 21, 99);
            }
        }
        assertThat(state.threads().threadsOf(20)).as("the forked process").isPositive();
        assertThat(state.threads().threadsOf(10)).as("bash after its second thread exited").isEqualTo(1);
    }

    @Test
    void aCloneWithoutCgroupsInheritsItsParentsWholeContainer() throws Exception {
        StateTracker state = new StateTracker();
        state.addThread(10, 10, 1, "bash", "/bin/bash", "/bin/bash", "/", 0, 0, 1024);
        String id = "b199b3b57988" + "0".repeat(52);
        ProcessParser.setCgroups(state.threads().get(10), new String[] {"cpuset=/docker/" + id});
        SyntheticSource.Builder b = SyntheticSource.builder();
        // an old driver's clone exit: no cgroups parameter value
        b.event(EventTypes.PPME_SYSCALL_CLONE_20_X, 1_000, 10L, 20L, "/bin/bash", "", 10L, 10L, 1L, "",
                1024L, 0L, 0L, 0, 0, 0, "bash", "", 0x01200011);
        EventView e = new EventView();
        try (SyntheticSource src = b.build()) {
            while (src.next(e)) state.onEvent(e);
        }
        ThreadInfo child = state.threads().get(20);
        assertThat(child.containerId).isEqualTo("b199b3b57988");
        assertThat(child.containerFullId).isEqualTo(id);
        assertThat(child.containerType).as("the type goes with the id").isEqualTo("docker");
    }
}
