package dev.talon.inspect;

import dev.talon.event.EventCategory;
import dev.talon.event.EventInfo;
import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.UnknownFieldException;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompileException;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.format.JsonLine;
import dev.talon.inspect.format.OutputFormat;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.CaptureException;
import dev.talon.scap.Source;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The {@code inspect} pipeline, like sysdig reading a file: every event updates the state; events that pass
 * the filter count toward {@code -n}; internal events are hidden unless debug; the rest are formatted as
 * text lines or JSON into one reused buffer.
 */
public final class Inspector {
    /** What the user asked for (sysdig's flags); quiet = print nothing (sysdig -w). */
    public record Options(String format, boolean json, long maxEvents, BufferMode bufferMode, boolean verbose,
                          boolean debug, String filter, boolean quiet) {
        public Options {
            if (bufferMode == null) bufferMode = BufferMode.NORMAL;
        }

        public static Options defaults() {
            return new Options(null, false, 0, BufferMode.NORMAL, false, false, null, false);
        }
    }

    /** Called for every event that passed the filter (e.g. to write it with -w). */
    public interface EventListener {
        void accept(EventView e) throws CaptureException;
    }

    private final StateTracker state;
    private final EventContext ctx;
    private final EventPredicate filter;
    private final OutputFormat text;
    private final JsonLine json;
    private final Options options;
    private final StringBuilder line = new StringBuilder(4096);
    private byte[] bytes = new byte[1 << 16];
    private long number;
    private boolean started;
    private long matched; // by the current run()

    public Inspector(StateTracker state, Options options) throws FilterCompileException, UnknownFieldException {
        this.state = state;
        this.options = options;
        this.ctx = new EventContext(state, new ArgRenderer(state, options.bufferMode(),
                options.verbose() || options.json())); // sysdig -j never truncates buffers
        this.filter = new FilterCompiler(ctx).compile(options.filter());
        OutputFormat f = OutputFormat.parse(options.format() == null ? OutputFormat.DEFAULT : options.format(), ctx);
        this.text = f;
        this.json = options.json() ? new JsonLine(f.fields()) : null;
    }

    /** The evaluation context (state, numbering) the filter and format are bound to. */
    public EventContext context() {
        return ctx;
    }

    public StateTracker state() {
        return state;
    }

    /**
     * Reads the source to the end (or -n), writing output to {@code out}. Output already produced is written
     * even when the source fails; the failure is then rethrown.
     */
    public long run(Source source, OutputStream out, EventListener listener) throws CaptureException, IOException {
        EventView e = new EventView();
        matched = 0;
        try {
            // The body is a method of its own: the JIT compiles it after a few hundred events (by its
            // invocation count), where this loop's own code waits for on-stack replacement after tens of
            // thousands of iterations, interpreted until then.
            while (source.next(e) && handle(e, out, listener)) {
                // handle() did the work
            }
        } finally {
            out.flush();
        }
        return matched;
    }

    /** One event of {@link #run}: state, filter, output. False once -n events have matched. */
    private boolean handle(EventView e, OutputStream out, EventListener listener) throws CaptureException, IOException {
        EventInfo info = e.info();
        if (info == null) return true;
        byte kind = kind(e.type());
        // user/group tables as events (libs >= 0.10): sysdig 0.29.3 does not know these types and
        // neither numbers nor shows them; they are metadata, like the UL block
        if (kind == USER_OR_GROUP) {
            state.onEvent(e);
            return true;
        }
        number++;
        boolean container = kind == CONTAINER;
        state.onEvent(e);
        if (container && !started) return true; // initial-state container events: consumed, never shown
        started = true;
        ctx.event(number, container ? containerName(e) : null);
        ctx.timestamp(e.ts());
        if (!filter.test(e)) return true;
        matched++;
        if (listener != null) listener.accept(e);
        boolean more = options.maxEvents() <= 0 || matched < options.maxEvents();
        if (e.isStateOnly() || options.quiet()) return more;
        if (!options.debug() && (info.category() & EventCategory.EC_INTERNAL) != 0) return more;
        line.setLength(0);
        if (json != null) json.append(line, e);
        else if (!text.append(line, e)) return more; // a format without '*' prints no line when a field has no value
        line.append('\n');
        write(out);
        return more;
    }

    /** Event types every event loop (inspect, detect) treats apart; see {@link #kind}. */
    public static final byte OTHER = 0, USER_OR_GROUP = 1, CONTAINER = 2;
    private static final byte[] KIND = new byte[dev.talon.event.EventSchema.typeCount()];

    static {
        for (int t = 0; t < KIND.length; t++) {
            EventInfo i = dev.talon.event.EventSchema.info(t);
            String n = i == null ? "" : i.name();
            KIND[t] = n.equals("useradded") || n.equals("groupadded") ? USER_OR_GROUP
                    : n.equals("container") ? CONTAINER : OTHER;
        }
    }

    /**
     * {@link #USER_OR_GROUP} for the user/group table events (metadata, not numbered), {@link #CONTAINER} for
     * container events (a pseudo thread, see {@link #containerName}), else {@link #OTHER}; resolved per type
     * once, not by name per event.
     */
    public static byte kind(int type) {
        return type >= 0 && type < KIND.length ? KIND[type] : OTHER;
    }

    private void write(OutputStream out) throws IOException {
        int n = line.length();
        if (bytes.length < n) bytes = new byte[Math.max(n, bytes.length * 2)];
        for (int i = 0; i < n; i++) bytes[i] = (byte) line.charAt(i);
        out.write(bytes, 0, n);
    }

    /** {@code container:<id>}: libsinsp gives container events a pseudo thread named after the container. */
    public static String containerName(EventView e) {
        String json = e.paramString(0);
        if (json == null) return null;
        int k = json.indexOf("\"id\":\"");
        if (k < 0) return null;
        int end = json.indexOf('"', k + 6);
        return end < 0 ? null : "container:" + json.substring(k + 6, end);
    }
}
