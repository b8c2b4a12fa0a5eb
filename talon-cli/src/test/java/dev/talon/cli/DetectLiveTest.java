package dev.talon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.talon.driver.Ia32Program;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * End to end, live: starts {@code talon detect} (bundled stable rules, JSON alerts on stdout) as a child JVM,
 * performs ten actions the stable rules detect (the last from a 32-bit program, where the kernel runs
 * them), and asserts each alert's rule and output fields, arriving within 2 seconds of the action. Every change is undone in finally blocks. Needs root (or CAP_BPF +
 * CAP_PERFMON), BTF and python3; skipped with the reason otherwise.
 */
class DetectLiveTest {
    static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** One alert line as it arrived. */
    record Received(long atNanos, String rule, Map<String, Object> fields, String line) {
    }

    final List<Received> alerts = new CopyOnWriteArrayList<>();
    final StringBuilder stderr = new StringBuilder();

    static String liveUnavailable() throws IOException {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return "live capture needs Linux";
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            return "no kernel BTF (/sys/kernel/btf/vmlinux)";
        }
        long capEff = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("CapEff:")) {
                capEff = Long.parseUnsignedLong(l.substring(7).trim(), 16);
            }
        }
        boolean admin = (capEff & (1L << 21)) != 0;
        boolean bpf = (capEff & (1L << 39)) != 0 && (capEff & (1L << 38)) != 0;
        if (!admin && !bpf) {
            return "not root (needs CAP_SYS_ADMIN, or CAP_BPF and CAP_PERFMON)";
        }
        for (String tool : List.of("/usr/bin/python3", "/usr/bin/shred", "/usr/bin/find", "/usr/bin/grep")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr", "")))) {
                return tool + " is missing";
            }
        }
        return null;
    }

    @Test
    void tenActionsRaiseTheirStableRuleAlerts() throws Exception {
        String why = liveUnavailable();
        Assumptions.assumeTrue(why == null, () -> "live detection test skipped: " + why);
        Path dir = Files.createTempDirectory("talon-e2e");
        Path log = Path.of("/var/log/talon-e2e-" + ProcessHandle.current().pid() + ".log");
        Path shm = Path.of("/dev/shm/talon-e2e-true-" + ProcessHandle.current().pid());
        Process detect = startDetect();
        try {
            awaitStarted(detect);
            // warm-up (JIT, output channel start): the same alert as action 1, with a generous deadline
            act("Read sensitive file untrusted", a -> "/etc/shadow".equals(a.get("fd.name")),
                    TimeUnit.SECONDS.toNanos(20), "cat", "/etc/shadow");
            // 1. a program that is not trusted to read /etc/shadow
            act("Read sensitive file untrusted", a -> "/etc/shadow".equals(a.get("fd.name")) && "cat".equals(a.get("proc.name")),
                    "cat", "/etc/shadow");
            // 2. a shell spawned by a program named like a web server
            Path nginx = dir.resolve("nginx");
            Files.copy(Path.of("/bin/sh"), nginx);
            act("Run shell untrusted", a -> "nginx".equals(a.get("proc.pname")) && "sh".equals(a.get("proc.name")),
                    nginx.toString(), "-c", "sh -c true");
            // 3. truncating a log file
            act("Clear Log Activities", a -> log.toString().equals(a.get("fd.name")), "sh", "-c", ": > " + log);
            // 4. shred
            Path junk = dir.resolve("junk");
            Files.writeString(junk, "junk");
            act("Remove Bulk Data from Disk", a -> "shred".equals(a.get("proc.name")), "shred", "-u", junk.toString());
            // 5. searching for private keys
            act("Search Private Keys or Passwords", a -> String.valueOf(a.get("proc.cmdline")).contains("id_rsa"),
                    "find", dir.toString(), "-name", "id_rsa");
            // 6. searching for AWS credentials
            act("Find AWS Credentials", a -> String.valueOf(a.get("proc.cmdline")).contains("aws_access_key_id"),
                    "grep", "-r", "aws_access_key_id", dir.toString());
            // 7. running a binary from /dev/shm
            Files.copy(Path.of("/bin/true"), shm);
            shm.toFile().setExecutable(true);
            // (proc.name is the 15-character comm)
            act("Execution from /dev/shm", a -> String.valueOf(a.get("proc.name")).startsWith("talon-e2e-true")
                            && "execve".equals(a.get("evt.type")),
                    shm.toString());
            // 8. an ssh client connecting to a public address on a non-SSH port (non-blocking: EINPROGRESS)
            Path ssh = dir.resolve("ssh");
            Files.copy(Path.of("/usr/bin/python3"), ssh);
            act("Disallowed SSH Connection Non Standard Port", a -> Long.valueOf(443).equals(a.get("fd.rport"))
                            && "ssh".equals(a.get("proc.name")),
                    ssh.toString(), "-c", "import socket; s=socket.socket(); s.setblocking(False); "
                            + "s.connect_ex(('203.0.113.1', 443))");
            // 9. a server program reading /etc/shadow after it has run for more than 5 s
            act("Read sensitive file trusted after startup", a -> "nginx".equals(a.get("proc.name"))
                    && "/etc/shadow".equals(a.get("fd.name")), nginx.toString(), "-c", "sleep 5.2; read x < /etc/shadow");
            // 10. a 32-bit program (ia32 syscalls) reading /etc/shadow, where the kernel runs them
            Path ia32 = dir.resolve("talon-ia32");
            Files.write(ia32, Ia32Program.opensForReading("/etc/shadow"));
            ia32.toFile().setExecutable(true);
            if (new ProcessBuilder(ia32.toString()).start().waitFor() == 0) {
                act("Read sensitive file untrusted", a -> "/etc/shadow".equals(a.get("fd.name"))
                        && "talon-ia32".equals(a.get("proc.name")), ia32.toString());
            }
        } finally {
            detect.destroy();
            detect.waitFor(10, TimeUnit.SECONDS);
            detect.destroyForcibly();
            Files.deleteIfExists(log);
            Files.deleteIfExists(shm);
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs the command, then waits at most 2 s (from its exit) for an alert of {@code rule} matching {@code fields}. */
    void act(String rule, Predicate<Map<String, Object>> fields, String... command) throws Exception {
        act(rule, fields, DEADLINE_NANOS, command);
    }

    void act(String rule, Predicate<Map<String, Object>> fields, long deadline, String... command) throws Exception {
        int before = alerts.size();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        long done = System.nanoTime();
        while (System.nanoTime() - done < deadline) {
            for (Received r : alertsSince(before)) {
                if (r.rule().equals(rule) && fields.test(r.fields())) {
                    assertThat(r.atNanos() - done).as("alert delay for " + rule).isLessThanOrEqualTo(deadline);
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("no '" + rule + "' alert within " + deadline / 1_000_000 + " ms of " + List.of(command) + "; alerts since: "
                + alertsSince(before).stream().map(Received::line).toList() + "\nstderr:\n" + stderr);
    }

    /**
     * A snapshot of the alerts from index {@code from} on. A sub-list view of the live list would throw
     * ConcurrentModificationException when the reader thread appends an alert while it is iterated.
     */
    List<Received> alertsSince(int from) {
        List<Received> all = List.copyOf(alerts);
        return all.subList(from, all.size());
    }

    Process startDetect() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "detect", "-o", "json_output=true",
                "-o", "syslog_output.enabled=false", "-o", "json_include_output_property=false"));
        Process p = new ProcessBuilder(cmd).start();
        Thread.ofPlatform().daemon().start(() -> readAlerts(p));
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        return p;
    }

    void awaitStarted(Process p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            synchronized (stderr) {
                if (stderr.indexOf("live detection started") >= 0) {
                    return;
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        fail("talon detect did not start:\n" + stderr);
    }

    void readAlerts(Process p) {
        JsonFactory json = new JsonFactory();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                long at = System.nanoTime();
                String rule = null;
                Map<String, Object> fields = new HashMap<>();
                try (JsonParser jp = json.createParser(l)) {
                    int depth = 0;
                    String key = null;
                    for (JsonToken t; (t = jp.nextToken()) != null; ) {
                        switch (t) {
                            case START_OBJECT, START_ARRAY -> depth++;
                            case END_OBJECT, END_ARRAY -> depth--;
                            case FIELD_NAME -> key = jp.currentName();
                            case VALUE_STRING -> {
                                if (depth == 1 && "rule".equals(key)) rule = jp.getText();
                                else if (depth == 2) fields.put(key, jp.getText());
                            }
                            case VALUE_NUMBER_INT -> {
                                if (depth == 2) fields.put(key, jp.getLongValue());
                            }
                            case VALUE_NULL -> {
                                if (depth == 2) fields.put(key, null);
                            }
                            default -> {
                            }
                        }
                    }
                }
                if (rule != null) {
                    alerts.add(new Received(at, rule, fields, l));
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }
}
