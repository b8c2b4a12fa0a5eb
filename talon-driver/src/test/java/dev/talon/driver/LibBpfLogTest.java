package dev.talon.driver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** libbpf's output ends up in exceptions; the terminal sees at most a few warning lines. */
class LibBpfLogTest {

    private static LibBpf.Log floodedLoad() {
        LibBpf.Log log = new LibBpf.Log();
        for (int i = 0; i < 50; i++) {
            LibBpf.route(log, LibBpf.LIBBPF_DEBUG, "libbpf: CO-RE relocating [" + i + "] struct task_struct\n",
                    null, new AtomicInteger());
        }
        log.add(LibBpf.LIBBPF_INFO, "libbpf: map 'scratch': created\n");
        log.add(LibBpf.LIBBPF_WARN, "libbpf: map 'ringbufs': failed to create: Invalid argument(-22)\n");
        log.add(LibBpf.LIBBPF_WARN, "libbpf: failed to load object 'talon'\n");
        return log;
    }

    @Test
    void aFailedLoadKeepsTheWholeLogButQuotesOnlyWarnings() {
        LibBpf.Log log = floodedLoad();
        DriverException e = LoadedProbe.loadError(22, log);

        assertThat(e.getMessage().split("\n")).containsExactly(
                "loading the probe failed: " + Libc.strerror(22),
                "  libbpf: map 'ringbufs': failed to create: Invalid argument(-22)",
                "  libbpf: failed to load object 'talon'");
        assertThat(e.libbpfLog()).contains("CO-RE relocating [0]", "CO-RE relocating [49]", "map 'scratch': created",
                "failed to load object 'talon'");
    }

    @Test
    void manyWarningsAreCutToAFewLinesWithACount() {
        LibBpf.Log log = new LibBpf.Log();
        for (int i = 0; i < 10; i++) {
            log.add(LibBpf.LIBBPF_WARN, "libbpf: warning " + i + "\n");
        }
        String[] lines = log.summary("headline").split("\n");
        assertThat(lines).hasSize(1 + LibBpf.Log.MESSAGE_LINES + 1);
        assertThat(lines[0]).isEqualTo("headline");
        assertThat(lines[1]).isEqualTo("  libbpf: warning 0");
        assertThat(lines[lines.length - 1]).isEqualTo("  (7 more libbpf warning lines)");
    }

    @Test
    void theVerifierLogBlockIsNotQuotedLineByLine() {
        LibBpf.Log log = LibBpf.Log.of("libbpf: prog 'x': -- BEGIN PROG LOAD LOG --\n0: r1 = 0\n1: exit\n"
                + "-- END PROG LOAD LOG --\nlibbpf: prog 'x': failed to load: -13\n");
        assertThat(log.warnings()).containsExactly("libbpf: prog 'x': failed to load: -13");
        assertThat(log.text()).contains("1: exit");
    }

    @Test
    void outsideALoadOnlyTheFirstFewWarningsReachStderr() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicInteger printed = new AtomicInteger();
        LibBpf.route(null, LibBpf.LIBBPF_DEBUG, "libbpf: debug chatter\n", err, printed);
        LibBpf.route(null, LibBpf.LIBBPF_INFO, "libbpf: info chatter\n", err, printed);
        for (int i = 0; i < 20; i++) {
            LibBpf.route(null, LibBpf.LIBBPF_WARN, "libbpf: warning " + i + "\nsecond line\n", err, printed);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(LibBpf.STDERR_LINES + 1);
        assertThat(lines[0]).isEqualTo("talon: libbpf: warning 0");
        assertThat(lines[LibBpf.STDERR_LINES]).isEqualTo("talon: further libbpf warnings are not shown");
    }

    /** The real library and callback: a broken object gives a short error and prints nothing. */
    @Test
    void aBrokenObjectPrintsNothingAndExplainsInTheException() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            byte[] elf = ProbeSpec.embedded().elf().clone();
            for (int i = 64; i < elf.length; i += 7) {
                elf[i] = (byte) 0xA5; // keep the ELF header, ruin sections and BTF
            }
            assertThatThrownBy(() -> ProbeSpec.of(elf)).isInstanceOfSatisfying(DriverException.class, e -> {
                assertThat(e.getMessage()).startsWith("libbpf cannot parse the probe object");
                assertThat(e.getMessage().split("\n").length).isLessThanOrEqualTo(2 + LibBpf.Log.MESSAGE_LINES);
                assertThat(e.libbpfLog()).as("what libbpf said").isNotBlank();
            });
        } finally {
            System.setErr(saved);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("stderr").isEmpty();
    }
}
