package dev.talon.outputs.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Named metrics with labels, exposed in the Prometheus text format (version 0.0.4). A metric family
 * (name, help, type) holds one series per distinct label set: {@code talon_alerts_total{priority="Warning",rule="x"}}.
 * Registration is get-or-create and thread-safe; callers on hot paths keep the returned {@link Counter}.
 */
public final class MetricsRegistry {
    /** Events read from the source (capture loop). */
    public static final String EVENTS = "talon_events_total";
    /** Events the source reported as lost (kernel ring buffer full). */
    public static final String DROPS = "talon_drops_total";
    /** Alerts raised, labels {@code rule} and {@code priority}. */
    public static final String ALERTS = "talon_alerts_total";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private enum Type { COUNTER, GAUGE }

    private record Family(String name, String help, Type type, ConcurrentSkipListMap<String, Object> series) {
    }

    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();

    /**
     * The counter {@code name} with {@code labels} given as pairs ({@code "channel", "http"}), created on
     * first use. Label order does not matter.
     *
     * @throws IllegalArgumentException for a malformed name or label, an odd label list, or a name already
     *                                  registered as a gauge
     */
    public Counter counter(String name, String help, String... labels) {
        Family f = family(name, help, Type.COUNTER);
        return (Counter) f.series().computeIfAbsent(labelString(labels), k -> new Counter());
    }

    /** Registers (or replaces) a gauge series whose value is read at scrape time. */
    public void gauge(String name, String help, LongSupplier value, String... labels) {
        family(name, help, Type.GAUGE).series().put(labelString(labels), value);
    }

    /** {@link #EVENTS}. */
    public Counter events() {
        return counter(EVENTS, "Events read from the event source");
    }

    /** {@link #DROPS}. */
    public Counter drops() {
        return counter(DROPS, "Events lost by the event source (e.g. kernel ring buffer full)");
    }

    /** {@link #ALERTS} for one rule and priority name. */
    public Counter alerts(String rule, String priority) {
        return counter(ALERTS, "Alerts raised, by rule and priority", "priority", priority, "rule", rule);
    }

    private Family family(String name, String help, Type type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type, new ConcurrentSkipListMap<>()));
        if (f.type() != type) {
            throw new IllegalArgumentException("metric '" + name + "' is already registered as a " + f.type().name().toLowerCase());
        }
        return f;
    }

    /** Renders {k="v",...} sorted by label name; "" without labels. */
    private static String labelString(String... labels) {
        if (labels.length == 0) {
            return "";
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs, got " + labels.length + " strings");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            if (!LABEL.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                throw new IllegalArgumentException("invalid label name '" + labels[i] + "'");
            }
            if (sorted.put(labels[i], labels[i + 1] == null ? "" : labels[i + 1]) != null) {
                throw new IllegalArgumentException("label '" + labels[i] + "' given twice");
            }
        }
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(e.getKey()).append("=\"");
            escape(b, e.getValue(), true);
            b.append('"');
        }
        return b.append('}').toString();
    }

    private static void escape(StringBuilder b, String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '"' -> b.append(quotes ? "\\\"" : "\"");
                default -> b.append(c);
            }
        }
    }

    /** Writes every family, sorted by name, in the Prometheus text exposition format. */
    public void writeTo(Writer out) throws IOException {
        StringBuilder b = new StringBuilder(256);
        for (Family f : new TreeMap<>(families).values()) {
            b.setLength(0);
            b.append("# HELP ").append(f.name()).append(' ');
            escape(b, f.help(), false);
            b.append("\n# TYPE ").append(f.name()).append(' ').append(f.type() == Type.COUNTER ? "counter" : "gauge").append('\n');
            for (Map.Entry<String, Object> s : f.series().entrySet()) {
                long v = s.getValue() instanceof Counter c ? c.value() : ((LongSupplier) s.getValue()).getAsLong();
                b.append(f.name()).append(s.getKey()).append(' ').append(v).append('\n');
            }
            out.write(b.toString());
        }
    }

    /** The exposition text. */
    public String scrape() {
        StringWriter w = new StringWriter();
        try {
            writeTo(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
