package dev.talon.inspect.state;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.synthetic.SyntheticSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process-state rules taken from sysdig 0.29.3's behaviour on the fixtures (SysdigFilterFormatTest checks
 * them against the oracle; these pin each rule on its own, without sysdig).
 */
class ProcessStateTest {
    private static final long MAIN = 100, THREAD = 101;

    private StateTracker state;
    private long ts = 1_000;

    @BeforeEach
    void process() {
        state = new StateTracker();
        state.addThread(MAIN, MAIN, 1, "app", "/usr/bin/app", "/usr/bin/app", "/srv", 1000, 1000, 1024);
        state.addThread(THREAD, MAIN, 1, "app", "/usr/bin/app", "/usr/bin/app", "/srv", 1000, 1000, 1024);
    }

    private void feed(SyntheticSource.Builder b) throws Exception {
        EventView e = new EventView();
        try (SyntheticSource src = b.build()) {
            while (src.next(e)) state.onEvent(e);
        }
    }

    private ThreadInfo thread(long tid) {
        return state.threads().get(tid);
    }

    @Test
    void setuidTakesTheEntersIdOnOldCapturesAndTheExitsOnNewOnes() throws Exception {
        SyntheticSource.Builder b = SyntheticSource.builder();
        b.event(EventTypes.PPME_SYSCALL_SETUID_E, ts++, MAIN, 500L);
        b.event(EventTypes.PPME_SYSCALL_SETUID_X, ts++, MAIN, 0L);            // old layout: res only
        b.event(EventTypes.PPME_SYSCALL_SETRESGID_X, ts++, THREAD, 0L, -1L, 33L, -1L);
        b.event(EventTypes.PPME_SYSCALL_SETUID_E, ts++, THREAD, 0L);
        b.event(EventTypes.PPME_SYSCALL_SETUID_X, ts++, THREAD, -1L);          // EPERM: nothing changes
        feed(b);
        assertThat(thread(MAIN).uid()).isEqualTo(500);
        assertThat(thread(THREAD).gid()).as("setresgid's egid").isEqualTo(33);
        assertThat(thread(THREAD).uid()).as("after a failed setuid").isEqualTo(1000);
    }

    @Test
    void setsidSetsTheSessionToItsResult() throws Exception {
        feed(SyntheticSource.builder().event(EventTypes.PPME_SYSCALL_SETSID_X, ts++, MAIN, 7L));
        assertThat(thread(MAIN).sid()).isEqualTo(7);
    }

    @Test
    void theCwdBelongsToTheProcessAndEndsWithASlash() throws Exception {
        assertThat(state.threads().cwdOf(thread(THREAD))).isEqualTo("/srv/");
        SyntheticSource.Builder b = SyntheticSource.builder();
        b.event(EventTypes.PPME_SYSCALL_CHDIR_X, ts++, THREAD, 0L, "data");
        feed(b);
        assertThat(thread(MAIN).cwd()).as("a thread's chdir moves its process").isEqualTo("/srv/data/");
        assertThat(state.threads().cwdOf(thread(THREAD))).isEqualTo("/srv/data/");

        feed(SyntheticSource.builder().event(EventTypes.PPME_SYSCALL_GETCWD_X, ts++, MAIN, 5L, "/tmp"));
        assertThat(state.threads().cwdOf(thread(THREAD))).isEqualTo("/tmp/");
    }

    @Test
    void execveTakesItsPathFromTheEntersFilenameAndKeepsTheCwd() throws Exception {
        SyntheticSource.Builder b = SyntheticSource.builder();
        b.event(EventTypes.PPME_SYSCALL_EXECVE_19_E, ts++, MAIN, "bin/tool");
        b.event(EventTypes.PPME_SYSCALL_EXECVE_19_X, ts++, MAIN, 0L, "tool", "", MAIN, MAIN, 1L, "/elsewhere",
                1024L, 0L, 0L, 0, 0, 0, "tool");
        feed(b);
        assertThat(thread(MAIN).exepath()).isEqualTo("/srv/bin/tool");
        assertThat(thread(MAIN).cwd()).as("the exit's cwd param is not taken").isEqualTo("/srv/");
        assertThat(thread(MAIN).ptid()).as("a known parent stays").isEqualTo(1);
    }

    @Test
    void aContextSwitchUpdatesTheThreadsFaultsAndTheProcesssMemory() throws Exception {
        feed(SyntheticSource.builder().event(EventTypes.PPME_SCHEDSWITCH_6_E, ts++, THREAD, MAIN, 2L, 40L, 8000, 600, 0));
        assertThat(thread(THREAD).pfMinor()).isEqualTo(40);
        assertThat(thread(THREAD).pfMajor()).isEqualTo(2);
        assertThat(thread(MAIN).vmRssKb()).as("memory is the process's").isEqualTo(600);
        assertThat(thread(MAIN).vmSizeKb()).isEqualTo(8000);
        assertThat(thread(THREAD).vmRssKb()).as("the thread's own copy stays").isNotEqualTo(600);
    }
}
