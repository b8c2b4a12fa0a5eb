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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
@Command(name = "inspect", description = "Print system-call events like sysdig: read a .scap capture (-r) or capture live")
final class InspectCommand implements Callable<Integer> {
    @Option(names = "-r", description = "capture file to read (.scap, plain or gzip); without -r, capture live")
    Path file;

    @Option(names = {"-l", "--list"}, description = "list the fields usable in filters and -p formats (like sysdig -l)")
    boolean list;

    @Option(names = "-p", description = "output format (sysdig -p syntax)")
    String format;

    @Option(names = "-j", description = "JSON output")
    boolean json;

    @Option(names = "-n", description = "stop after N events that pass the filter")
    long count;

    @Option(names = "-v", description = "verbose: print buffers in full")
    boolean verbose;

    @Option(names = "-D", description = "debug: also show internal events")
    boolean debug;

    @Option(names = "-w", description = "write the matching events (and the capture's metadata) to this file instead of printing them")
    Path writeTo;

    @Option(names = "-C", paramLabel = "MB", description = "live -w: start a new file when the current one exceeds MB million bytes")
    int rolloverMb;

    @Option(names = "-W", paramLabel = "N", description = "live -w with -C/-G: keep at most N files (the index wraps)")
    int fileLimit;

    @Option(names = "-G", paramLabel = "SECS", description = "live -w: start a new file every SECS seconds")
    int rotateSeconds;

    @Option(names = "-M", paramLabel = "SECS", description = "live: stop after SECS seconds")
    int seconds;

    @Option(names = "-s", paramLabel = "LEN", description = "live: bytes of I/O data captured per event (default ${DEFAULT-VALUE})",
            defaultValue = "80")
    int snaplen;

    @Option(names = "--probe-stats", description = "live: print the probe's statistics on stderr at the end")
    boolean probeStats;

    @ArgGroup(exclusive = true)
    Buffers buffers;

    static final class Buffers {
        @Option(names = "-A", description = "buffers as ASCII only") boolean ascii;
        @Option(names = "-b", description = "buffers as base64") boolean base64;
        @Option(names = "-x", description = "buffers as hex") boolean hex;
        @Option(names = "-X", description = "buffers as hex and ASCII") boolean hexAscii;

        BufferMode mode() {
            return ascii ? BufferMode.ASCII : base64 ? BufferMode.BASE64 : hex ? BufferMode.HEX
                    : hexAscii ? BufferMode.HEX_ASCII : BufferMode.NORMAL;
        }
    }

    @Parameters(description = "filter expression (joined with spaces)")
    List<String> filter;

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(dev.talon.inspect.field.FieldList.render(dev.talon.filter.FieldCatalog.standard()));
            return 0;
        }
        BufferMode mode = buffers == null ? BufferMode.NORMAL : buffers.mode();
        String f = filter == null ? null : String.join(" ", filter);
        var options = new Inspector.Options(format, json, count, mode, verbose, debug, f, writeTo != null);
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
