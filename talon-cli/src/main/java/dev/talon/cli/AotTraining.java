package dev.talon.cli;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.scap.CaptureException;
import dev.talon.scap.ScapWriter;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.synthetic.EventEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training runs behind the JVM AOT caches that the build puts next to talon.jar (JEP 483/515: classes
 * loaded and linked ahead of time, with method profiles, so a short {@code talon inspect -r} spends its time on
 * events rather than on class loading and JIT warm-up). It writes a synthetic capture of the events that
 * dominate real ones (open/read/write/close, exec, clone, connect) and runs command lines on it. Run by the
 * build as {@code java -XX:AOTCacheOutput=CACHE -cp talon.jar dev.talon.cli.AotTraining DIR CAPTURES_DIR
 * PROFILE}, once per profile:
 * <ul>
 *   <li>{@code inspect} ({@code talon.aot}, for every command but detect): filters, the default format and -j
 *       on the synthetic capture, then the default format on every {@code .scap} file of CAPTURES_DIR;
 *   <li>{@code detect} ({@code talon-detect.aot}, which the launcher picks for {@code talon detect}): the stable
 *       rules on the synthetic capture, loaded from their files and then from the rules cache.
 * </ul>
 * Why two, and why so few runs: a training that runs a command line many times makes its start-up code (the
 * rules' YAML, option parsing, capture metadata) look hot, and the JIT then compiles that code with C2 early in
 * every run, ahead of the event loop. One cache trained on every command line on all 27 captures (the earlier
 * one) made {@code talon detect -r} on 3M events take 0.817 s; trained on the synthetic capture alone, 0.722 s
 * (medians of 7 alternating runs; the small fixture: 0.281 against 0.220 s). The fixtures still pay for the
 * default format: 0.708 s for a million events with them, 0.775 s without.
 */
final class AotTraining {
    private static final int ROUNDS = 20_000;
    private static final long PID = 4242;

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path captures = args.length > 1 ? Path.of(args[1]) : null;
        String profile = args.length > 2 ? args[2] : "inspect";
        Files.createDirectories(dir);
        Path capture = dir.resolve("aot-training.scap");
        writeCapture(capture);
        String synthetic = capture.toString();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        List<String[]> commands = new ArrayList<>();
        switch (profile) {
            case "detect" -> {
                // twice: the first run loads the rules and keeps them (the build points TALON_CACHE_DIR at its own
                // directory), the second reads them back, as every later start does
                commands.add(new String[] {"detect", "-r", synthetic});
                commands.add(new String[] {"detect", "-r", synthetic});
            }
            case "inspect" -> {
                commands.add(new String[] {"inspect", "-r", synthetic, "evt.type=open and fd.name contains /etc"});
                commands.add(new String[] {"inspect", "-r", synthetic, "proc.name=nginx and evt.type in (openat, read)"});
                commands.add(new String[] {"inspect", "-r", synthetic});
                commands.add(new String[] {"inspect", "-r", synthetic, "-j", "-n", "5000"});
                if (captures != null) {
                    for (String file : realCaptures(captures)) commands.add(new String[] {"inspect", "-r", file});
                }
            }
            default -> throw new IllegalArgumentException("unknown training profile " + profile);
        }
        for (String[] command : commands) Main.run(command, quiet);
        Files.deleteIfExists(capture);
    }

    /**
     * The real captures in {@code dir} (the shared fixtures, when the build finds them): recorded by several
     * drivers and versions, they reach event types, parameter layouts and state paths the synthetic capture
     * does not, so the profiles cover them and the JIT does not have to recompile when a run meets them
     * (a default-format run of a million events took 11-17% less CPU with them in the training).
     */
    private static List<String> realCaptures(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".scap")).sorted().map(Path::toString).toList();
        }
    }

    private static void writeCapture(Path file) throws CaptureException, IOException {
        try (ScapWriter w = ScapWriter.create(file)) {
            w.thread(ThreadEntry.builder().tid(PID).pid(PID).ptid(1).comm("nginx").exe("nginx")
                    .exepath("/usr/sbin/nginx").args(List.of("-g", "daemon off;")).cwd("/").fdlimit(1024).build());
            EventView view = new EventView();
            long ts = 1_700_000_000_000_000_000L;
            byte[] data = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes();
            String[] paths = {"/etc/passwd", "/var/www/html/index.html", "/etc/nginx/nginx.conf", "/tmp/x"};
            for (int i = 0; i < ROUNDS; i++) {
                String path = paths[i % paths.length];
                write(w, view, EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, Map.of("fd", 5L, "dirfd", -100L,
                        "name", path, "flags", 1L, "mode", 0L, "dev", 0x803L, "ino", 1234L + i));
                write(w, view, EventTypes.PPME_SYSCALL_READ_X, ts++,
                        Map.of("res", (long) data.length, "data", data, "fd", 5L, "size", 4096L));
                write(w, view, EventTypes.PPME_SYSCALL_WRITE_X, ts++,
                        Map.of("res", (long) data.length, "data", data, "fd", 5L, "size", (long) data.length));
                write(w, view, EventTypes.PPME_SYSCALL_CLOSE_X, ts++, Map.of("res", 0L, "fd", 5L));
                if (i % 50 == 0) {
                    long child = PID + 1 + i;
                    write(w, view, EventTypes.PPME_SYSCALL_CLONE_20_X, ts++, Map.of("res", child, "exe", "nginx",
                            "args", "-g\0daemon off;\0".getBytes(), "tid", PID, "pid", PID, "ptid", 1L, "cwd", "/",
                            "comm", "nginx"));
                    write(w, view, EventTypes.PPME_SYSCALL_EXECVE_19_X, ts++, child, Map.of("res", 0L, "exe", "/bin/sh",
                            "args", "-c\0id\0".getBytes(), "tid", child, "pid", child, "ptid", PID, "cwd", "/",
                            "comm", "sh"));
                    write(w, view, EventTypes.PPME_SOCKET_CONNECT_X, ts++, child, Map.of("res", 0L,
                            "tuple", EventEncoder.socktupleInet(0x7F000001, 40000 + (i % 1000), 0x7F000001, 80),
                            "fd", 3L, "addr", EventEncoder.sockaddrInet(0x7F000001, 80)));
                    write(w, view, EventTypes.PPME_PROCEXIT_1_E, ts++, child, Map.of("status", 0L));
                }
            }
        }
    }

    private static void write(ScapWriter w, EventView view, int type, long ts, Map<String, Object> params)
            throws CaptureException {
        write(w, view, type, ts, PID, params);
    }

    /** Encodes an event of the current schema, parameters by name; the ones not given are left empty. */
    private static void write(ScapWriter w, EventView view, int type, long ts, long tid, Map<String, Object> byName)
            throws CaptureException {
        EventInfo info = EventSchema.info(type);
        Object[] params = new Object[info.paramCount()];
        Map<String, Object> left = new HashMap<>(byName);
        for (int i = 0; i < params.length; i++) params[i] = left.remove(info.param(i).name());
        if (!left.isEmpty()) throw new IllegalStateException(info.ppme() + " has no params " + left.keySet());
        byte[] event = EventEncoder.encode(type, ts, tid, params);
        w.write(view.wrap(MemorySegment.ofArray(event), 0).cpu(0));
    }
}
