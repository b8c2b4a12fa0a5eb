package dev.talon.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.talon.event.EventView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written by ScapWriter read the same in the oracle (Debian sysdig 0.29.3) as the originals. */
class SysdigDifferentialTest {
    static final Path SYSDIG = Path.of("/usr/bin/sysdig");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needSysdig() {
        assumeTrue(Files.isExecutable(SYSDIG), "sysdig (the oracle) is not installed at " + SYSDIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "falco__cat_write.scap",          // v1.0, gzip, EV v1 blocks
        "libs__curl_google.scap",         // v1.0, gzip, PL_V5
        "falco__ping_sendto.scap",        // v1.2, gzip
        "libs__sample.scap",              // v1.2, plain, PL_V9 66-byte tail, user/group events
        "sf-collector__rename2at.scap",   // v1.2, plain, one EV_V2_LARGE block
    })
    void writtenCopyReadsTheSameInSysdig(String name) throws Exception {
        Path original = Fixtures.named(name).path();
        Path copy = tmp.resolve(name);
        try (ScapWriter w = ScapWriter.create(copy); Source src = ScapReader.open(original, w)) {
            EventView v = new EventView();
            while (src.next(v)) {
                w.write(v);
            }
        }
        assertThat(lines(copy, "-p", "%evt.num")).hasSameSizeAs(lines(original, "-p", "%evt.num"));
        assertThat(lines(copy, "-D", "-p", "%evt.num")).hasSameSizeAs(lines(original, "-D", "-p", "%evt.num"));
        assertThat(lines(copy, "-p", "%evt.num %evt.type %evt.args"))
                .containsExactlyElementsOf(lines(original, "-p", "%evt.num %evt.type %evt.args"));
    }

    static List<String> lines(Path capture, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(SYSDIG.toString(), "-r", capture.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sysdig finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("sysdig exit status; output:%n%s", text.lines().limit(5).toList()).isZero();
        return text.lines().toList();
    }
}
