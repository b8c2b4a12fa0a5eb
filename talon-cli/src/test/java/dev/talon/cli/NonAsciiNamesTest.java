package dev.talon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.format.BufferMode;
import dev.talon.scap.FdEntry;
import dev.talon.scap.FdType;
import dev.talon.scap.ScapWriter;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names that are not printable ASCII: UTF-8 file, process and directory names, and every other byte inside a
 * path (control characters, DEL, bytes above 0x7f). sysdig 0.29.3 prints a process's strings as their bytes,
 * an fd's path with each such byte as '.' (or without them when it comes from the capture's fd list), and a
 * path parameter without them; a newline in a file name so never breaks an output line. Talon against the
 * oracle on a capture made here, text and JSON, and a rule with a Unicode constant.
 */
class NonAsciiNamesTest {
    @TempDir
    static Path dir;
    static Path capture;

    /** The chars of a string's UTF-8 bytes, one per byte: how capture strings are held. */
    private static String utf8(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String chars) {
        return chars.getBytes(StandardCharsets.ISO_8859_1);
    }

    @BeforeAll
    static void writeCapture() throws Exception {
        capture = dir.resolve("names.scap");
        try (ScapWriter w = ScapWriter.create(capture)) {
            w.thread(ThreadEntry.builder().tid(100).pid(100).ptid(1).comm(utf8("café")).exe("cat").exepath("/bin/cat")
                    .args(List.of("x")).cwd(utf8("/tmp/déjà/")).fdlimit(1024).build());
            // in the capture's fd list: libsinsp drops such bytes from these names instead
            w.fd(100, new FdEntry.Named(7, 1, FdType.FILE, "/tmp/a\nb" + utf8("é") + "c"));
            EventView v = new EventView();
            long ts = 1_700_000_000_000_000_000L;
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_E, ts++, 100, 7L)), 0).cpu(0));
            for (int b = 1; b < 256; b++) { // every byte but NUL and '/' inside a name
                if (b == '/') continue;
                byte[] name = {'/', 't', 'x', (byte) b, 'y', 0};
                w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, 100,
                        (long) b, -100L, name, 1L, 0L, 0L, 0L)), 0).cpu(0));
            }
            // relative, below the UTF-8 cwd
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, 100,
                    300L, -100L, bytes(utf8("rél-中.txt") + "\0"), 1L, 0L, 0L, 0L)), 0).cpu(0));
            EventInfo exec = EventSchema.info(EventTypes.PPME_SYSCALL_EXECVE_19_X);
            Map<String, Object> byName = new HashMap<>(Map.of("res", 0L, "exe", bytes("/bin/e\u0001x" + utf8("é") + "\n\0"),
                    "args", bytes("a\u0001b\0c" + utf8("é") + "\0"), "tid", 100L, "pid", 100L, "ptid", 1L,
                    "cwd", bytes("/t\u0001" + utf8("é") + "/\0"), "comm", bytes("c\u0001o" + utf8("é") + "\0")));
            for (String n : List.of("fdlimit", "pgft_maj", "pgft_min", "vm_size", "vm_rss", "vm_swap", "tty", "vpgid",
                    "loginuid", "flags")) byName.put(n, 0L); // what sysdig 0.29.3 reads of this event: no garbage
            // the parameters up to flags, as drivers of sysdig 0.29.3's time wrote this event
            Object[] params = new Object[20];
            for (int i = 0; i < params.length; i++) params[i] = byName.remove(exec.param(i).name());
            assertThat(byName).isEmpty();
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_EXECVE_19_X, ts++, 100, params)), 0).cpu(0));
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, 100,
                    301L, -100L, bytes("rel\u0001" + utf8("é") + "\0"), 1L, 0L, 0L, 0L)), 0).cpu(0));
        }
    }

    private static Inspector.Options format(String format) {
        return new Inspector.Options(format, false, 0, BufferMode.NORMAL, false, false, null, false);
    }

    @Test
    void textEqualsSysdig() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SysdigDifferentialTest.SYSDIG), "sysdig 0.29.3 (the oracle) is not installed");
        for (String f : List.of("%evt.num %fd.num %fd.name|%evt.arg.name|%evt.args",
                "*%evt.num|%proc.name|%proc.exe|%proc.cmdline|%proc.cwd|%fd.name|%fd.directory|%fd.filename")) {
            SysdigDifferentialTest.assertSameLines(f, SysdigDifferentialTest.sysdig(capture, "-p", f),
                    SysdigDifferentialTest.talon(capture, format(f)));
        }
        SysdigDifferentialTest.assertSameLines("default", SysdigDifferentialTest.sysdig(capture),
                SysdigDifferentialTest.talon(capture, format(null)));
    }

    @Test
    void jsonEqualsSysdig() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SysdigDifferentialTest.SYSDIG), "sysdig 0.29.3 (the oracle) is not installed");
        String[] a = new String(SysdigDifferentialTest.sysdig(capture, "-j"), StandardCharsets.UTF_8).split("\n");
        String[] b = new String(SysdigDifferentialTest.talon(capture, SysdigDifferentialTest.opts(true, null, false)),
                StandardCharsets.UTF_8).split("\n");
        assertThat(b).hasSameSizeAs(a);
        JsonFactory jf = new JsonFactory();
        for (int i = 0; i < a.length; i++) {
            Map<String, Object> x = SysdigDifferentialTest.parse(jf, a[i]);
            Map<String, Object> y = SysdigDifferentialTest.parse(jf, b[i]);
            assertThat(y.get("proc.name")).as("line " + (i + 1)).isEqualTo(x.get("proc.name"));
            assertThat(SysdigDifferentialTest.normalize((String) y.get("evt.info"), false)).as("line " + (i + 1))
                    .isEqualTo(SysdigDifferentialTest.normalize((String) x.get("evt.info"), true));
        }
        assertThat(SysdigDifferentialTest.parse(jf, b[0]).get("proc.name")).isEqualTo("café"); // JSON is Unicode text
    }

    @Test
    void aRuleComparesUnicodeConstantsWithTheBytesAndAlertsInUnicode() throws Exception {
        Path rules = dir.resolve("cafe.yaml");
        Files.writeString(rules, """
                - rule: Cafe opens
                  desc: t
                  condition: evt.type = openat and proc.name = café and fd.name startswith /tmp/d..j
                  output: "opened by %proc.name in %proc.cwd: %fd.name (sûr)"
                  priority: WARNING
                """, StandardCharsets.UTF_8);
        var r = DetectSupport.detect(dir, "-r", capture.toString(), "-R", rules.toString(), "-o", "json_output=true");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(1); // the relative open below the cwd; after the execve the name is "co\1é"
        assertThat(r.lines().getFirst()).contains("Warning opened by café in /tmp/d..j../: /tmp/d..j../r..l-....txt (sûr)\"")
                .contains("\"proc.name\":\"café\"");
    }

    @Test
    void unixSocketPathsAsSysdigPrintsThem() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SysdigDifferentialTest.SYSDIG), "sysdig 0.29.3 (the oracle) is not installed");
        Path unix = dir.resolve("unix.scap");
        try (ScapWriter w = ScapWriter.create(unix)) {
            w.thread(ThreadEntry.builder().tid(100).pid(100).ptid(1).comm("nc").exe("nc").exepath("/bin/nc")
                    .args(List.of()).cwd("/").fdlimit(1024).build());
            EventView v = new EventView();
            long ts = 1_700_000_000_000_000_000L;
            String path = "/run/s\né\u0001k"; // the encoder writes it as UTF-8
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SOCKET_SOCKET_X, ts++, 100, 3L, 1L, 1L, 0L)), 0).cpu(0));
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SOCKET_CONNECT_X, ts++, 100, 0L,
                    EventEncoder.socktupleUnix(0x1234, 0x5678, path), 3L, EventEncoder.sockaddrUnix(path))), 0).cpu(0));
            w.write(v.wrap(MemorySegment.ofArray(EventEncoder.encode(EventTypes.PPME_SYSCALL_CLOSE_E, ts++, 100, 3L)), 0).cpu(0));
        }
        String f = "%evt.num %evt.type %fd.name|%evt.arg.tuple";
        byte[] talon = SysdigDifferentialTest.talon(unix, format(f));
        SysdigDifferentialTest.assertSameLines(f, SysdigDifferentialTest.sysdig(unix, "-p", f), talon);
        assertThat(new String(talon, StandardCharsets.ISO_8859_1)).contains("2 connect 1234->5678 /run/sk|1234->5678 /run/sk");
    }

    @Test
    void aNewlineInAFileNameDoesNotBreakTheLine() throws Exception {
        String out = new String(SysdigDifferentialTest.talon(capture, format("%fd.num %fd.name")), StandardCharsets.ISO_8859_1);
        assertThat(out.lines()).contains("7 /tmp/abc", "10 /tx.y", "300 /tmp/d..j../r..l-....txt").hasSize(257);
    }
}
