package dev.talon.rules.engine;

import dev.talon.rules.CompiledRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code append_output} entry of talon.yaml (Falco's format): for rules matching {@code match}
 * (source, all of {@code tags}, rule name), {@code extra_output} is appended to the output with a single
 * space and {@code extra_fields} are added to the JSON output_fields. {@code suggested_output: true}
 * appends the container/k8s fields Falco's container plugin suggests.
 *
 * @param extraFields each either a field name (value extracted from the event) or a name with a format
 *                    (value rendered from it)
 */
public record AppendOutput(String source, Set<String> tags, String rule, String extraOutput, List<ExtraField> extraFields) {
    /** What {@code suggested_output: true} appends (the container plugin's suggested fields, in its order). */
    public static final String SUGGESTED = "container_id=%container.id container_name=%container.name "
            + "container_image_repository=%container.image.repository container_image_tag=%container.image.tag "
            + "k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name";

    /** An extra field: {@code fieldValue} = the name is a field to extract, else {@code format} is rendered. */
    public record ExtraField(String name, String format, boolean fieldValue) {
    }

    public AppendOutput {
        tags = Set.copyOf(tags);
        extraFields = List.copyOf(extraFields);
    }

    boolean matches(CompiledRule r) {
        return (source == null || source.equals(r.source())) && r.tags().containsAll(tags)
                && (rule == null || rule.equals(r.name()));
    }

    /**
     * Parses the raw {@code append_output} value (a list of maps, as TalonConfig returns it).
     *
     * @throws IllegalArgumentException naming the entry (1-based) and key that is malformed
     */
    public static List<AppendOutput> parse(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException("append_output must be a list of entries");
        }
        List<AppendOutput> out = new ArrayList<>();
        int n = 0;
        for (Object o : list) {
            n++;
            String where = "append_output entry " + n;
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where + " must be a mapping");
            }
            for (Object k : m.keySet()) {
                if (!Set.of("match", "extra_output", "extra_fields", "suggested_output").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "'");
                }
            }
            String source = null;
            String rule = null;
            Set<String> tags = Set.of();
            if (m.get("match") instanceof Map<?, ?> match) {
                source = match.get("source") == null ? null : String.valueOf(match.get("source"));
                rule = match.get("rule") == null ? null : String.valueOf(match.get("rule"));
                Object t = match.get("tags");
                if (t instanceof List<?> tl) {
                    tags = Set.copyOf(tl.stream().map(String::valueOf).toList());
                } else if (t != null) {
                    throw new IllegalArgumentException(where + ": match.tags must be a list");
                }
            } else if (m.get("match") != null) {
                throw new IllegalArgumentException(where + ": match must be a mapping");
            }
            StringBuilder extra = new StringBuilder();
            if (m.get("extra_output") != null) {
                extra.append(String.valueOf(m.get("extra_output")));
            }
            if (Boolean.TRUE.equals(m.get("suggested_output"))) {
                extra.append(extra.isEmpty() ? "" : " ").append(SUGGESTED);
            }
            List<ExtraField> fields = new ArrayList<>();
            Object ef = m.get("extra_fields");
            if (ef instanceof List<?> efl) {
                for (Object f : efl) {
                    if (f instanceof String s) {
                        fields.add(new ExtraField(s, null, true));
                    } else if (f instanceof Map<?, ?> fm && fm.size() == 1) {
                        var e = fm.entrySet().iterator().next();
                        fields.add(new ExtraField(String.valueOf(e.getKey()), String.valueOf(e.getValue()), false));
                    } else {
                        throw new IllegalArgumentException(where + ": each extra_fields item is a field name or a "
                                + "single 'name: format' mapping");
                    }
                }
            } else if (ef != null) {
                throw new IllegalArgumentException(where + ": extra_fields must be a list");
            }
            out.add(new AppendOutput(source, tags, rule, extra.toString(), fields));
        }
        return List.copyOf(out);
    }
}
