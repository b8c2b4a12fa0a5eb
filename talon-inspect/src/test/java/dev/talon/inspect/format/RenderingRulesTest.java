package dev.talon.inspect.format;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per sysdig 0.29.3 rendering rule (see NOTES-sysdig-rendering.md), on synthetic events.
 * Each expected string was observed in sysdig's output on the fixtures.
 */
class RenderingRulesTest {
    private final StateTracker state = new StateTracker();
    private final EventView view = new EventView();

    private EventView event(int type, long tid, Object... params) {
        byte[] b = EventEncoder.encode(type, 1_000_000_000L, tid, params);
        view.wrap(MemorySegment.ofArray(b), 0);
        state.onEvent(view);
        return view;
    }

    private String info(EventView e, BufferMode mode, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        new ArgRenderer(state, mode, verbose).appendArgs(sb, e);
        return sb.toString();
    }

    private String info(EventView e) {
        return info(e, BufferMode.NORMAL, false);
    }

    @Test
    void flagsAreDecimalWithSymbolsInTableOrderAndMultiBitEntriesConsumeTheirBits() {
        state.addThread(7, 7, 1, "cat", "cat", "/bin/cat", "/", 0, 0, 1024);
        // 263 = O_TRUNC|O_CREAT|O_RDWR: O_RDWR (3) hides O_WRONLY and O_RDONLY
        var e = event(EventTypes.PPME_SYSCALL_OPEN_X, 7, 3L, "/tmp/x", 263, 0);
        assertThat(info(e)).isEqualTo("fd=3(<f>/tmp/x) name=/tmp/x flags=263(O_TRUNC|O_CREAT|O_RDWR) mode=0 ");
    }

    @Test
    void negativeFdsAndErrnosGetTheErrnoName() {
        state.addThread(7, 7, 1, "cat", "cat", "/bin/cat", "/", 0, 0, 1024);
        var e = event(EventTypes.PPME_SYSCALL_OPEN_X, 7, -2L, "/etc/nope", 4097, 0);
        assertThat(info(e)).isEqualTo("fd=-2(ENOENT) name=/etc/nope flags=4097(O_RDONLY|O_CLOEXEC) mode=0 ");
    }

    @Test
    void bytebufIsTruncatedTo77CharsPlusEllipsisUnlessVerbose() {
        state.addThread(7, 7, 1, "cat", "cat", "/bin/cat", "/", 0, 0, 1024);
        String data = "x".repeat(100);
        var e = event(EventTypes.PPME_SYSCALL_READ_X, 7, 100L, data);
        assertThat(info(e)).isEqualTo("res=100 data=" + "x".repeat(77) + "... ");
        assertThat(info(e, BufferMode.NORMAL, true)).isEqualTo("res=100 data=" + data + " ");
        var exact = event(EventTypes.PPME_SYSCALL_READ_X, 7, 80L, "y".repeat(80));
        assertThat(info(exact)).isEqualTo("res=80 data=" + "y".repeat(80) + " ");
    }

    @Test
    void nonPrintableBytesAreDotsInNormalModeAndDroppedInAsciiMode() {
        var e = event(EventTypes.PPME_SYSCALL_READ_X, 9, 6L, "a\0b\nc\u0001");
        assertThat(info(e)).isEqualTo("res=6 data=a.b.c. ");
        assertThat(info(e, BufferMode.ASCII, false)).isEqualTo("res=6 data=\nab\nc ");
    }

    @Test
    void hexModesDumpSixteenBytesPerLine() {
        var e = event(EventTypes.PPME_SYSCALL_READ_X, 9, 10L, "/dev/null\0");
        assertThat(info(e, BufferMode.HEX, false))
                .isEqualTo("res=10 data=\n\t0x0000: 2f64 6576 2f6e 756c 6c00\n ");
        assertThat(info(e, BufferMode.HEX_ASCII, false))
                .isEqualTo("res=10 data=\n\t0x0000: 2f64 6576 2f6e 756c 6c00                 /dev/null.\n ");
        assertThat(info(e, BufferMode.BASE64, false)).isEqualTo("res=10 data=L2Rldi9udWxsAA== ");
    }

    @Test
    void hexResultsOfMmapAreUppercaseWithoutPrefix() {
        var e = event(EventTypes.PPME_SYSCALL_MMAP_X, 9, 0x7FAD48782000L, 368, 4, 0);
        assertThat(info(e)).isEqualTo("res=7FAD48782000 vm_size=368 vm_rss=4 vm_swap=0 ");
    }

    @Test
    void fdTableFollowsOpenAndCloseAndCloseExitStillSeesTheFd() {
        state.addThread(7, 7, 1, "cat", "cat", "/bin/cat", "/home", 0, 0, 1024);
        event(EventTypes.PPME_SYSCALL_OPEN_X, 7, 3L, "notes.txt", 1, 0);
        var close = event(EventTypes.PPME_SYSCALL_CLOSE_E, 7, 3L);
        assertThat(info(close)).isEqualTo("fd=3(<f>/home/notes.txt) ");
        event(EventTypes.PPME_SYSCALL_CLOSE_X, 7, 0L);
        assertThat(state.thread().fds().get(3)).as("removed only when the next event arrives").isNotNull();
        var again = event(EventTypes.PPME_SYSCALL_CLOSE_E, 7, 3L);
        assertThat(info(again)).isEqualTo("fd=3 ");
    }

    @Test
    void connectNamesTheSocketWithItsTupleAndL4Protocol() {
        state.addThread(7, 7, 1, "curl", "curl", "/bin/curl", "/", 0, 0, 1024);
        event(EventTypes.PPME_SOCKET_SOCKET_E, 7, 2, 1, 0);
        event(EventTypes.PPME_SOCKET_SOCKET_X, 7, 3L);
        event(EventTypes.PPME_SOCKET_CONNECT_E, 7, 3L);
        var e = event(EventTypes.PPME_SOCKET_CONNECT_X, 7, 0L,
                EventEncoder.socktupleInet(0x7F000001, 40556, 0x7F000001, 8080));
        assertThat(info(e)).isEqualTo("res=0 tuple=127.0.0.1:40556->127.0.0.1:8080 ");
        assertThat(state.thread().fds().get(3).tag()).isEqualTo("<4t>");
        assertThat(state.thread().fds().get(3).name()).isEqualTo("127.0.0.1:40556->127.0.0.1:8080");
    }

    @Test
    void relativePathsAreResolvedAgainstTheDirfdOrCwd() {
        state.addThread(7, 7, 1, "filesat", "filesat", "/bin/filesat", "/work", 0, 0, 1024);
        event(EventTypes.PPME_SYSCALL_OPEN_X, 7, 3L, "/tmp", 1024 | 1, 0); // O_DIRECTORY → <d>
        var e = event(EventTypes.PPME_SYSCALL_OPENAT_2_X, 7, 4L, 3L, "tested_file.txt", 6, 0);
        assertThat(info(e)).isEqualTo(
                "fd=4(<f>/tmp/tested_file.txt) dirfd=3(<d>/tmp) name=tested_file.txt(/tmp/tested_file.txt) "
                        + "flags=6(O_CREAT|O_WRONLY) mode=0 ");
        var cwd = event(EventTypes.PPME_SYSCALL_OPENAT_2_X, 7, 5L, -100L, "../x", 1, 0);
        assertThat(info(cwd)).startsWith("fd=5(<f>/x) dirfd=-100(AT_FDCWD) name=../x(/x) ");
    }

    @Test
    void cloneParentSideCreatesTheChildAndPidsShowTheirComm() {
        state.addThread(7, 7, 1, "bash", "bash", "/bin/bash", "/", 0, 0, 1024);
        var e = event(EventTypes.PPME_SYSCALL_CLONE_20_X, 7, 8L, "bash", "", 7L, 7L, 1L, "/", 1024L, 0L, 0L, 0, 0,
                0, "bash", "", 0);
        assertThat(info(e)).startsWith("res=8(bash) exe=bash args= tid=7(bash) pid=7(bash) ptid=1 cwd=/ ");
        assertThat(state.threads().get(8).pid()).isEqualTo(8);
        assertThat(state.threads().get(8).ptid()).isEqualTo(7);
    }

    @Test
    void cFormatG() {
        StringBuilder sb = new StringBuilder();
        ArgRenderer.appendG(sb, 0.5);
        sb.append(' ');
        ArgRenderer.appendG(sb, 0);
        sb.append(' ');
        ArgRenderer.appendG(sb, 12.25);
        assertThat(sb.toString()).isEqualTo("0.5 0 12.25");
    }
}
