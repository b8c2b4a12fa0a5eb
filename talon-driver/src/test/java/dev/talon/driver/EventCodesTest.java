package dev.talon.driver;

import dev.talon.event.EventSchema;
import dev.talon.event.EventTypes;
import dev.talon.event.SyscallCodes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The probe's C constants and generated syscall table agree with the Java schema (talon-event). */
class EventCodesTest {

    private static Path bpfSource() {
        String dir = System.getProperty("talon.driver.src", "src/main/bpf");
        return Path.of(dir);
    }

    @Test
    void everyEventCodeOfTheProbeMatchesEventTypes() throws Exception {
        Path header = bpfSource().resolve("talon_events.h");
        assumeTrue(Files.isRegularFile(header), "probe sources not found at " + header);
        Map<String, Integer> codes = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^#define (PPME_\\w+) (\\d+)$").matcher(Files.readString(header));
        while (m.find()) {
            codes.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(codes).hasSizeGreaterThan(20);
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            int javaCode = EventTypes.class.getField(e.getKey()).getInt(null);
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(javaCode);
            assertThat(EventSchema.info(javaCode).isEnter()).as(e.getKey() + " direction")
                    .isEqualTo(e.getKey().endsWith("_E"));
        }
    }

    @Test
    void generatedSyscallTableMapsNativeNumbersToTheirPpmScNames() {
        SyscallTable t = SyscallTable.load();
        assertThat(t.number("read")).hasValue(0);
        assertThat(t.number("openat")).hasValue(257);
        assertThat(t.number("execve")).hasValue(59);
        assertThat(t.number("clone3")).hasValue(435);
        int mapped = 0;
        for (int nr = 0; nr < SyscallTable.MAX; nr++) {
            if (t.name(nr) != null && t.ppmSc(nr) != 0) {
                assertThat(SyscallCodes.name(t.ppmSc(nr))).as("ppm_sc of native %d", nr).isEqualTo(t.name(nr));
                mapped++;
            }
        }
        assertThat(mapped).isGreaterThan(300);
    }

    /** ia32 numbers (fixed by the i386 ABI) -> the x86_64 syscall they are reported as, by name. */
    @Test
    void generatedIa32TableMapsCallsWithAnX64TwinAndLeavesTheRestOut() {
        SyscallTable t = SyscallTable.load();
        assertThat(t.nativeOfIa32(3)).as("read").isEqualTo(t.number("read").getAsInt());
        assertThat(t.nativeOfIa32(5)).as("open").isEqualTo(t.number("open").getAsInt());
        assertThat(t.nativeOfIa32(11)).as("execve").isEqualTo(t.number("execve").getAsInt());
        assertThat(t.nativeOfIa32(295)).as("openat").isEqualTo(t.number("openat").getAsInt());
        assertThat(t.nativeOfIa32(199)).as("getuid32").isEqualTo(t.number("getuid").getAsInt());
        assertThat(t.nativeOfIa32(221)).as("fcntl64").isEqualTo(t.number("fcntl").getAsInt());
        assertThat(t.nativeOfIa32(362)).as("connect").isEqualTo(t.number("connect").getAsInt());
        // no x86_64 call takes the same arguments: not reported rather than reported wrong
        assertThat(t.nativeOfIa32(102)).as("socketcall").isEqualTo(-1);
        assertThat(t.nativeOfIa32(192)).as("mmap2").isEqualTo(-1);
        assertThat(t.nativeOfIa32(90)).as("old mmap").isEqualTo(-1);
        assertThat(t.nativeOfIa32(140)).as("_llseek").isEqualTo(-1);
        assertThat(t.nativeOfIa32(117)).as("ipc").isEqualTo(-1);
    }
}
