package dev.talon.outputs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders alerts exactly like Falco.
 *
 * <ul>
 *   <li>Text: {@code <time>: <Priority> <message>}, time {@code HH:MM:SS.nnnnnnnnn} in the local zone or,
 *       with {@code time_format_iso_8601}, {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000} in UTC.</li>
 *   <li>JSON: one object per line, keys in alphabetical order ({@code hostname, message, output, priority,
 *       rule, source, tags, time}) followed by {@code output_fields} (itself sorted by field name);
 *       {@code time} is always UTC ISO 8601 with 9 digits and {@code Z}.</li>
 * </ul>
 * Control characters in the message are escaped JSON-style in the text line and invalid UTF-16
 * (lone surrogates) becomes U+FFFD everywhere. Thread-safe.
 */
public final class AlertFormatter {
    private static final JsonFactory JSON = JsonFactory.builder()
            // nlohmann::json (Falco) prints \u001b, not \u001B
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private final FormatOptions options;

    public AlertFormatter(FormatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public FormatOptions options() {
        return options;
    }

    /** The string every channel receives: the JSON object if {@code json_output}, else the text line. */
    public String format(Alert alert) {
        return options.jsonOutput() ? json(alert) : textLine(alert);
    }

    /** {@code <time>: <Priority> <message>} with the message's control characters escaped. */
    public String textLine(Alert alert) {
        return textLine(alert, Text.escapeControls(alert.message()));
    }

    private String textLine(Alert alert, String safeMessage) {
        StringBuilder b = new StringBuilder(48 + safeMessage.length());
        if (options.timeFormatIso8601()) {
            appendIso(b, alert.timeNanos());
            b.append("+0000");
        } else {
            appendLocalTime(b, alert.timeNanos());
        }
        return b.append(": ").append(alert.priority().displayName()).append(' ').append(safeMessage).toString();
    }

    /** The §8.1 JSON object on one line (no trailing newline). */
    public String json(Alert alert) {
        String safeMessage = Text.escapeControls(alert.message());
        StringWriter out = new StringWriter(256 + 2 * safeMessage.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("hostname", Text.replaceInvalid(alert.hostname()));
            if (options.jsonIncludeMessageProperty()) {
                g.writeStringField("message", safeMessage);
            }
            if (options.jsonIncludeOutputProperty()) {
                g.writeStringField("output", textLine(alert, safeMessage));
            }
            g.writeStringField("priority", alert.priority().displayName());
            g.writeStringField("rule", Text.replaceInvalid(alert.rule()));
            g.writeStringField("source", Text.replaceInvalid(alert.source()));
            if (options.jsonIncludeTagsProperty()) {
                g.writeArrayFieldStart("tags");
                for (String tag : alert.tags()) {
                    g.writeString(Text.replaceInvalid(tag));
                }
                g.writeEndArray();
            }
            StringBuilder time = new StringBuilder(30);
            appendIso(time, alert.timeNanos());
            g.writeStringField("time", time.append('Z').toString());
            if (options.jsonIncludeOutputFieldsProperty()) {
                g.writeObjectFieldStart("output_fields");
                List<Map.Entry<String, Object>> fields = new ArrayList<>(alert.outputFields().entrySet());
                fields.sort(Map.Entry.comparingByKey());
                for (Map.Entry<String, Object> e : fields) {
                    g.writeFieldName(Text.replaceInvalid(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a StringWriter failed", e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Long l -> g.writeNumber(l);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    g.writeNull(); // nlohmann writes null for non-finite numbers
                } else {
                    g.writeNumber(d);
                }
            }
            case Boolean bool -> g.writeBoolean(bool);
            case String s -> g.writeString(Text.replaceInvalid(s));
            default -> throw new IllegalStateException("unexpected output field type " + v.getClass());
        }
    }

    /** YYYY-MM-DDTHH:MM:SS.nnnnnnnnn in UTC. */
    static void appendIso(StringBuilder b, long nanos) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        appendClock(b, t);
    }

    private void appendLocalTime(StringBuilder b, long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        ZoneOffset off = options.zone().getRules().getOffset(Instant.ofEpochSecond(sec));
        appendClock(b, LocalDateTime.ofEpochSecond(sec, nano, off));
    }

    private static void appendClock(StringBuilder b, LocalDateTime t) {
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, t.getNano(), 9);
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
