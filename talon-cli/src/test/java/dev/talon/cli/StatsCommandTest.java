package dev.talon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code talon stats [FILTER]}: the filter selects the syscalls the probe handles, as for a live inspect. */
class StatsCommandTest {
    private record Result(int code, String out, String err) {}

    private static Result talon(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aBadFilterIsAnErrorWithItsColumn() throws Exception {
        Result r = talon("stats", "-M", "1", "evt.type", "=", "(");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("talon: filter error: ").contains("column").doesNotContain("Exception");
    }

    @Test
    void aFilterNarrowsWhatTheProbeHandles() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "no kernel BTF");
        String status = Files.readString(Path.of("/proc/self/status"));
        long capEff = Long.parseUnsignedLong(status.replaceAll("(?s).*CapEff:\\s*([0-9a-f]+).*", "$1"), 16);
        assumeTrue((capEff & (1L << 21)) != 0, "live capture needs root (CAP_SYS_ADMIN)");
        // syscalls to see meanwhile, whatever else the machine does
        Thread load = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Files.readString(Path.of("/proc/self/stat"));
                } catch (IOException e) {
                    return;
                }
            }
        });
        Result all;
        Result narrow;
        try {
            all = talon("stats", "-M", "1");
            narrow = talon("stats", "-M", "1", "evt.type = kill");
        } finally {
            load.interrupt();
        }
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(narrow.code()).as(narrow.err()).isZero();
        assertThat(seen(all.out())).as("every syscall (the load's reads among them) against kill and the process lifecycle")
                .isGreaterThan(seen(narrow.out()));
        assertThat(narrow.out()).contains("Probe mode: ").contains("[bpf] talon_sched_exit");
    }

    private static long seen(String out) {
        return out.lines().filter(l -> l.startsWith("Seen by driver")).mapToLong(l -> Long.parseLong(l.replaceAll(".*: ", "")))
                .findFirst().orElseThrow();
    }
}
