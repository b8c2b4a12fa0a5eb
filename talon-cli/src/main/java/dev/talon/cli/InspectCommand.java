package dev.talon.cli;

import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.field.UnknownFieldException;
import dev.talon.inspect.filter.simple.FilterException;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.CaptureException;
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

/** {@code talon inspect -r FILE [options] [FILTER...]}: sysdig's offline mode, same flags, same output. */
@Command(name = "inspect", description = "Read a .scap capture and print its events like sysdig -r")
final class InspectCommand implements Callable<Integer> {
    @Option(names = "-r", required = true, description = "capture file to read (.scap, plain or gzip)")
    Path file;

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

    @Option(names = "-w", description = "write the matching events (and the capture's metadata) to this file")
    Path writeTo;

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
        BufferMode mode = buffers == null ? BufferMode.NORMAL : buffers.mode();
        String f = filter == null ? null : String.join(" ", filter);
        var options = new Inspector.Options(format, json, count, mode, verbose, debug, f);
        StateTracker state = new StateTracker();
        Inspector inspector;
        try {
            inspector = new Inspector(state, options);
        } catch (FilterException | UnknownFieldException e) {
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
        OutputStream out = new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
        try (Source source = ScapReader.open(file, new CaptureMetadata(state))) {
            CaptureWriter writer = writeTo == null ? null : new CaptureWriter(file, writeTo);
            try {
                inspector.run(source, out, writer == null ? null : writer::write);
            } finally {
                if (writer != null) writer.close();
            }
        } catch (CaptureException e) {
            out.flush();
            System.err.println("talon: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    /** -w: copies the metadata and the filtered events into a new capture. */
    static final class CaptureWriter {
        CaptureWriter(Path in, Path out) throws CaptureException {
            throw new CaptureException("-w is not available yet: the capture writer (talon-scap) has not landed");
        }

        void write(EventView e) {
        }

        void close() {
        }
    }
}
