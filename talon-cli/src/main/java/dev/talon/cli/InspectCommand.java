package dev.talon.cli;

import dev.talon.inspect.Inspector;
import dev.talon.inspect.field.UnknownFieldException;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.CaptureException;
import dev.talon.scap.FdEntry;
import dev.talon.scap.GroupEntry;
import dev.talon.scap.InterfaceEntry;
import dev.talon.scap.MachineInfo;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.ScapWriter;
import dev.talon.scap.SectionHeader;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.UserEntry;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code talon inspect [-r FILE] [options] [FILTER...]}: sysdig's offline mode with -r, live capture
 * without it (see {@link LiveCapture}); same flags, same output.
 */
final class InspectCommand implements Callable<Integer> {
    Path file;
    boolean list;
    String format;
    boolean json;
    long count;
    boolean verbose;
    boolean debug;
    Path writeTo;
    int rolloverMb;
    int fileLimit;
    int rotateSeconds;
    int seconds;
    int snaplen;
    boolean probeStats;
    BufferMode buffers = BufferMode.NORMAL;
    List<String> filter;

    /** The command line of this command: sysdig's letters. */
    CommandSpec spec() {
        CommandOptions o = new CommandOptions(this, "inspect",
                "Print system-call events like sysdig: read a .scap capture (-r) or capture live");
        return o.help()
                .option("-r", Path.class, "<file>", "capture file to read (.scap, plain or gzip); without -r, capture live",
                        v -> file = v)
                .flag("-l,--list", "list the fields usable in filters and -p formats (like sysdig -l)", () -> list = true)
                .option("-p", String.class, "<format>", "output format (sysdig -p syntax)", v -> format = v)
                .flag("-j", "JSON output", () -> json = true)
                .option("-n", long.class, "<count>", "stop after N events that pass the filter", v -> count = v)
                .flag("-v", "verbose: print buffers in full", () -> verbose = true)
                .flag("-D", "debug: also show internal events", () -> debug = true)
                .option("-w", Path.class, "<file>",
                        "write the matching events (and the capture's metadata) to this file instead of printing them",
                        v -> writeTo = v)
                .option("-C", int.class, "MB", "live -w: start a new file when the current one exceeds MB million bytes",
                        v -> rolloverMb = v)
                .option("-W", int.class, "N", "live -w with -C/-G: keep at most N files (the index wraps)",
                        v -> fileLimit = v)
                .option("-G", int.class, "SECS", "live -w: start a new file every SECS seconds", v -> rotateSeconds = v)
                .option("-M", int.class, "SECS", "live: stop after SECS seconds", v -> seconds = v)
                .option("-s", int.class, "LEN", "80", "live: bytes of I/O data captured per event (default ${DEFAULT-VALUE})",
                        v -> snaplen = v)
                .flag("--probe-stats", "live: print the probe's statistics on stderr at the end", () -> probeStats = true)
                .exclusive(o.flagSpec("-A", "buffers as ASCII only", () -> buffers = BufferMode.ASCII),
                        o.flagSpec("-b", "buffers as base64", () -> buffers = BufferMode.BASE64),
                        o.flagSpec("-x", "buffers as hex", () -> buffers = BufferMode.HEX),
                        o.flagSpec("-X", "buffers as hex and ASCII", () -> buffers = BufferMode.HEX_ASCII))
                .positionals("<filter>", "filter expression (joined with spaces)", v -> filter = v)
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(dev.talon.inspect.field.FieldList.render(dev.talon.filter.FieldCatalog.standard()));
            return 0;
        }
        String f = filter == null ? null : String.join(" ", filter);
        var options = new Inspector.Options(format, json, count, buffers, verbose, debug, f, writeTo != null);
        StateTracker state = new StateTracker();
        Inspector inspector;
        try {
            inspector = new Inspector(state, options);
        } catch (FilterCompileException e) {
            System.err.println("talon: filter error: " + e.getMessage());
            String caret = e.caretLine();
            if (!caret.isEmpty()) System.err.println(caret);
            return 1;
        } catch (UnknownFieldException e) {
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
        OutputStream out = new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
        if (file == null) {
            if (rolloverMb < 0 || fileLimit < 0 || rotateSeconds < 0 || seconds < 0) {
                System.err.println("talon: -C, -W, -G and -M take non-negative numbers");
                return 1;
            }
            var write = writeTo == null ? null
                    : new CaptureRotation.Settings(writeTo, rolloverMb, rotateSeconds, fileLimit);
            return LiveCapture.run(inspector, state,
                    new LiveCapture.Settings(f, snaplen, seconds, count, write, probeStats), out, System.err);
        }
        if (rolloverMb > 0 || fileLimit > 0 || rotateSeconds > 0 || seconds > 0 || probeStats) {
            System.err.println("talon: -C, -W, -G, -M and --probe-stats apply to live captures (without -r)");
            return 1;
        }
        ScapWriter writer = null;
        try {
            MetadataSink sink = new CaptureMetadata(state);
            if (writeTo != null) {
                writer = ScapWriter.create(writeTo);
                sink = new TeeSink(sink, writer);
            }
            try (Source source = ProgressSource.wrap(ScapReader.open(file, sink))) {
                ScapWriter w = writer;
                inspector.run(source, out, w == null ? null : w::write);
            }
            if (writer != null) writer.close();
        } catch (CaptureException e) {
            out.flush();
            closeQuietly(writer);
            System.err.println("talon: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            closeQuietly(writer);
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    private static void closeQuietly(ScapWriter w) {
        if (w == null) return;
        try {
            w.close();
        } catch (CaptureException ignored) {
            // the first error is the one reported
        }
    }

    /** Delivers the capture's metadata both to the state and to the -w writer. */
    record TeeSink(MetadataSink a, MetadataSink b) implements MetadataSink {
        @Override public void sectionStart(SectionHeader h) { a.sectionStart(h); b.sectionStart(h); }
        @Override public void machineInfo(MachineInfo i) { a.machineInfo(i); b.machineInfo(i); }
        @Override public void networkInterface(InterfaceEntry i) { a.networkInterface(i); b.networkInterface(i); }
        @Override public void user(UserEntry u) { a.user(u); b.user(u); }
        @Override public void group(GroupEntry g) { a.group(g); b.group(g); }
        @Override public void thread(ThreadEntry t) { a.thread(t); b.thread(t); }
        @Override public void fd(long tid, FdEntry f) { a.fd(tid, f); b.fd(tid, f); }
    }
}
