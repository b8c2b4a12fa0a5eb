package dev.talon.outputs;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How alerts are rendered; mirrors Falco's output settings of the same names.
 *
 * @param jsonOutput                       {@code json_output}: every channel gets the JSON object instead of the text line
 * @param jsonIncludeOutputProperty        {@code json_include_output_property}
 * @param jsonIncludeOutputFieldsProperty  {@code json_include_output_fields_property}
 * @param jsonIncludeTagsProperty          {@code json_include_tags_property}
 * @param jsonIncludeMessageProperty       {@code json_include_message_property}
 * @param timeFormatIso8601                {@code time_format_iso_8601}: text time prefix in UTC ISO 8601 instead of local HH:MM:SS
 * @param zone                             time zone of the non-ISO text prefix (Falco uses the local zone)
 */
public record FormatOptions(boolean jsonOutput, boolean jsonIncludeOutputProperty,
                            boolean jsonIncludeOutputFieldsProperty, boolean jsonIncludeTagsProperty,
                            boolean jsonIncludeMessageProperty, boolean timeFormatIso8601, ZoneId zone) {

    public FormatOptions {
        Objects.requireNonNull(zone, "zone");
    }

    /** Falco's defaults: text output, output/output_fields/tags included in JSON, no message, local time. */
    public static FormatOptions defaults() {
        return new FormatOptions(false, true, true, true, false, false, ZoneId.systemDefault());
    }

    public FormatOptions withJsonOutput(boolean json) {
        return new FormatOptions(json, jsonIncludeOutputProperty, jsonIncludeOutputFieldsProperty,
                jsonIncludeTagsProperty, jsonIncludeMessageProperty, timeFormatIso8601, zone);
    }

    public FormatOptions withTimeFormatIso8601(boolean iso) {
        return new FormatOptions(jsonOutput, jsonIncludeOutputProperty, jsonIncludeOutputFieldsProperty,
                jsonIncludeTagsProperty, jsonIncludeMessageProperty, iso, zone);
    }

    public FormatOptions withZone(ZoneId z) {
        return new FormatOptions(jsonOutput, jsonIncludeOutputProperty, jsonIncludeOutputFieldsProperty,
                jsonIncludeTagsProperty, jsonIncludeMessageProperty, timeFormatIso8601, z);
    }
}
