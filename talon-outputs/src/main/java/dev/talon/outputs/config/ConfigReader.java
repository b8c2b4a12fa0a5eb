package dev.talon.outputs.config;

import dev.talon.outputs.Priority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Applies YAML documents and {@code -o} overrides to a map of typed values (path to value), checking
 * every key against {@link Schema} and keeping where each value came from for later error messages.
 */
final class ConfigReader {
    /** Where a value was set: for messages about values that are well-typed but unusable. */
    record Origin(String source, int line, int column) {
        ConfigException error(String problem) {
            return new ConfigException(source, line, column, problem);
        }

        String format() {
            return new ConfigException(source, line, column, "").getMessage().replaceFirst(": $", "");
        }
    }

    private static final int MAX_CONFIG_CHARS = 4 * 1024 * 1024;

    final Map<String, Object> values = new LinkedHashMap<>();
    final Map<String, Origin> origins = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    ConfigReader() {
        for (Schema.Key k : Schema.KEYS.values()) {
            values.put(k.path(), k.defaultValue());
        }
    }

    private static LoadSettings settings(String label) {
        return LoadSettings.builder()
                .setLabel(label)
                .setSchema(new CoreSchema())
                .setCodePointLimit(MAX_CONFIG_CHARS)
                .setMaxAliasesForCollections(50)
                .build();
    }

    /** Applies a whole talon.yaml document. */
    void applyDocument(String yaml, String source) throws ConfigException {
        Optional<Node> root = compose(yaml, source, null);
        if (root.isEmpty()) {
            return; // an empty file keeps every default
        }
        applyNode(root.get(), "", source, null);
    }

    /** Applies one {@code -o key=value} / {@code -o key[]=value} option. */
    void applyOverride(String option) throws ConfigException {
        String source = "-o '" + option + "'";
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(source, 0, 1, "expected key=value");
        }
        String key = option.substring(0, eq).strip();
        boolean append = key.endsWith("[]");
        if (append) {
            key = key.substring(0, key.length() - 2);
        }
        key = Schema.ALIASES.getOrDefault(key, key);
        if (!key.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")) {
            throw new ConfigException(source, 0, 1, "malformed key '" + key + "'");
        }
        Schema.Key known = Schema.KEYS.get(key);
        if (known == null && !Schema.isGroup(key)) {
            if (Schema.isIgnored(key) || Schema.isIgnored(key.split("\\.")[0])) {
                warnings.add(source + ": Falco setting '" + key + "' is not used by Talon; ignored");
                return;
            }
            throw new ConfigException(source, 0, 1, "unknown key '" + key + "'");
        }
        String valueText = option.substring(eq + 1);
        // the value is YAML (true, 5, [a, b], {enabled: true}); a blank value is the empty string
        Optional<Node> value = valueText.isBlank() ? Optional.empty() : compose(valueText, source, eq + 1);
        Node node = value.orElseGet(() -> new ScalarNode(Tag.STR, "", org.snakeyaml.engine.v2.common.ScalarStyle.PLAIN));
        if (append) {
            if (known == null || known.type() != Schema.Type.STRING_LIST) {
                throw new ConfigException(source, 0, 1, "'" + key + "[]' appends to a list, but '" + key + "' is not a list");
            }
            @SuppressWarnings("unchecked")
            List<String> current = new ArrayList<>((List<String>) values.get(key));
            current.addAll(stringList(node, key, source, eq + 1));
            values.put(key, List.copyOf(current));
            origins.put(key, new Origin(source, 0, eq + 2));
            return;
        }
        applyNode(node, key, source, eq + 1);
    }

    private Optional<Node> compose(String yaml, String source, Integer columnShift) throws ConfigException {
        try {
            return new Compose(settings(source)).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
            throw at(source, m, columnShift, "YAML syntax error: " + problem);
        } catch (YamlEngineException e) {
            throw new ConfigException(source, 0, 0, "YAML error: " + e.getMessage());
        }
    }

    /**
     * @param columnShift null for a file; for an {@code -o} option, the offset of the value in the option
     *                    (errors then report a column within the option text, no line)
     */
    private void applyNode(Node node, String path, String source, Integer columnShift) throws ConfigException {
        Schema.Key key = Schema.KEYS.get(path);
        if (key != null) {
            Object v = convert(key, node, source, columnShift);
            values.put(path, v);
            origins.put(path, origin(source, node, columnShift));
            return;
        }
        // a group: must be a mapping (or empty, which changes nothing)
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return;
        }
        if (!(node instanceof MappingNode map)) {
            throw at(source, node, columnShift, (path.isEmpty() ? "the configuration" : "'" + path + "'")
                    + " must be a mapping of keys, found " + describe(node));
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            Node kn = t.getKeyNode();
            if (!(kn instanceof ScalarNode ks)) {
                throw at(source, kn, columnShift, "keys must be plain names, found " + describe(kn));
            }
            String name = ks.getValue();
            String child = path.isEmpty() ? name : path + "." + name;
            child = Schema.ALIASES.getOrDefault(child, child);
            if (!seen.add(child)) {
                throw at(source, kn, columnShift, "duplicate key '" + child + "'");
            }
            if (Schema.isIgnored(child)) {
                warnings.add(origin(source, kn, columnShift).format() + ": Falco setting '" + child
                        + "' is not used by Talon; ignored");
                continue;
            }
            if (!Schema.KEYS.containsKey(child) && !Schema.isGroup(child)) {
                throw at(source, kn, columnShift, "unknown key '" + child + "'");
            }
            applyNode(t.getValueNode(), child, source, columnShift);
        }
    }

    private Object convert(Schema.Key key, Node node, String source, Integer shift) throws ConfigException {
        String path = key.path();
        switch (key.type()) {
            case RAW:
                return raw(node);
            case STRING_LIST:
                return stringList(node, path, source, shift);
            default:
                break;
        }
        if (!(node instanceof ScalarNode s)) {
            throw at(source, node, shift, "'" + path + "' expects " + expected(key.type()) + ", found " + describe(node));
        }
        String text = s.getValue();
        boolean isNull = s.getTag().equals(Tag.NULL);
        switch (key.type()) {
            case BOOL -> {
                Boolean b = isNull ? null : parseBool(text);
                if (b == null) {
                    throw at(source, node, shift, "'" + path + "' expects a boolean (true/false), found '" + text + "'");
                }
                return b;
            }
            case INT, PORT -> {
                long v;
                try {
                    v = Long.decode(text.strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw at(source, node, shift, "'" + path + "' expects an integer, found '" + text + "'");
                }
                if (v < 0 || (key.type() == Schema.Type.PORT && v > 65535) || (key.type() == Schema.Type.INT && v > Integer.MAX_VALUE)) {
                    throw at(source, node, shift, "'" + path + "' is out of range: " + v
                            + (key.type() == Schema.Type.PORT ? " (expected 0..65535)" : " (expected 0.." + Integer.MAX_VALUE + ")"));
                }
                return v;
            }
            case RATE -> {
                double d;
                try {
                    d = Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    throw at(source, node, shift, "'" + path + "' expects a number, found '" + text + "'");
                }
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw at(source, node, shift, "'" + path + "' must be a finite number >= 0, found '" + text + "'");
                }
                return d;
            }
            case STRING -> {
                return isNull ? "" : expandEnv(text, path, source, node, shift);
            }
            case PRIORITY -> {
                try {
                    return Priority.parse(text);
                } catch (IllegalArgumentException e) {
                    throw at(source, node, shift, e.getMessage()
                            + " for 'priority' (expected emergency, alert, critical, error, warning, notice, informational/info or debug)");
                }
            }
            case RULE_MATCHING -> {
                String v = text.strip().toLowerCase(Locale.ROOT);
                if (!v.equals("first") && !v.equals("all")) {
                    throw at(source, node, shift, "'" + path + "' must be 'first' or 'all', found '" + text + "'");
                }
                return v;
            }
            default -> throw new IllegalStateException(key.type().toString());
        }
    }

    private List<String> stringList(Node node, String path, String source, Integer shift) throws ConfigException {
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) {
                return List.of();
            }
            return List.of(expandEnv(s.getValue(), path, source, node, shift)); // one item, like yaml-cpp
        }
        if (!(node instanceof SequenceNode seq)) {
            throw at(source, node, shift, "'" + path + "' expects a list of strings, found " + describe(node));
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                throw at(source, item, shift, "'" + path + "' expects a list of strings, found an item that is " + describe(item));
            }
            out.add(expandEnv(s.getValue(), path, source, item, shift));
        }
        return List.copyOf(out);
    }

    /** yaml-cpp's boolean spellings (Falco reads its config with yaml-cpp). */
    private static Boolean parseBool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y" -> Boolean.TRUE;
            case "false", "no", "off", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Falco's environment expansion in string values: {@code ${NAME}} is replaced by the variable
     * (empty if unset) and {@code $${} stands for a literal {@code ${}.
     */
    private static String expandEnv(String text, String path, String source, Node node, Integer shift)
            throws ConfigException {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                b.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw at(source, node, shift, "'" + path + "': unterminated ${ in '" + text + "'");
                }
                String env = System.getenv(text.substring(i + 2, end));
                b.append(env == null ? "" : env);
                i = end + 1;
            } else {
                b.append(text.charAt(i++));
            }
        }
        return b.toString();
    }

    /** A node as plain Java values (maps, lists, strings, Long, Double, Boolean, null). */
    private static Object raw(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(String.valueOf(raw(t.getKeyNode())), raw(t.getValueNode()));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node n : s.getValue()) {
                out.add(raw(n));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            } else if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
            } else if (tag.equals(Tag.INT)) {
                return Long.decode(s.getValue());
            } else if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(s.getValue());
            }
        } catch (NumberFormatException e) {
            // 0o17-style octal or huge numbers: keep the text
        }
        return s.getValue();
    }

    private static String expected(Schema.Type t) {
        return switch (t) {
            case BOOL -> "a boolean";
            case INT, PORT -> "an integer";
            case RATE -> "a number";
            case PRIORITY -> "a priority name";
            default -> "a string";
        };
    }

    private static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        return s.getTag().equals(Tag.NULL) ? "nothing (null)" : "'" + s.getValue() + "'";
    }

    private static Origin origin(String source, Node n, Integer shift) {
        Mark m = n.getStartMark().orElse(null);
        if (m == null) {
            return new Origin(source, 0, shift == null ? 0 : shift + 1);
        }
        if (shift != null) {
            return new Origin(source, 0, shift + m.getIndex() + 1);
        }
        return new Origin(source, m.getLine() + 1, m.getColumn() + 1);
    }

    private static ConfigException at(String source, Node n, Integer shift, String problem) {
        Origin o = origin(source, n, shift);
        return new ConfigException(o.source(), o.line(), o.column(), problem);
    }

    private static ConfigException at(String source, Mark m, Integer columnShift, String problem) {
        if (m == null) {
            return new ConfigException(source, 0, 0, problem);
        }
        if (columnShift != null) {
            return new ConfigException(source, 0, columnShift + m.getIndex() + 1, problem);
        }
        return new ConfigException(source, m.getLine() + 1, m.getColumn() + 1, problem);
    }
}
