package dev.talon.rules;

import dev.talon.outputs.Priority;
import dev.talon.filter.FieldCatalog;
import dev.talon.filter.Operator;
import dev.talon.rules.Defs.ListDef;
import dev.talon.rules.Defs.Loc;
import dev.talon.rules.Defs.MacroDef;
import dev.talon.rules.Defs.RuleDef;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * First phase of loading: reads each file's YAML (keeping marks) and applies its items, in order,
 * to the shared list/macro/rule tables (define, append, override, enable toggle), validating item
 * structure and reporting with Falco's wording. Compilation happens later, once, in
 * {@link Compiler}.
 */
final class Collector {
    static final String ENGINE_VERSION = "0.63.0";
    /** Plugins whose fields Talon provides natively. */
    static final Set<String> BUILTIN_PLUGINS = Set.of("container");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*");
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
    private static final Set<String> LIST_KEYS = Set.of("list", "items", "append", "override");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition", "append", "override");
    private static final Set<String> RULE_KEYS = Set.of("rule", "condition", "output", "desc", "priority", "source",
            "enabled", "tags", "exceptions", "warn_evttypes", "skip-if-unknown-filter", "capture",
            "capture_duration", "append", "override");
    private static final Set<String> KNOWN_SOURCES = Set.of("syscall");
    /** Keys that may appear under a rule's override, with the operations each allows. */
    private static final Map<String, Set<String>> RULE_OVERRIDES = new LinkedHashMap<>();

    static {
        for (String k : List.of("condition", "output", "desc", "tags", "exceptions")) {
            RULE_OVERRIDES.put(k, Set.of("append", "replace"));
        }
        for (String k : List.of("priority", "enabled", "capture", "capture_duration", "warn_evttypes",
                "skip-if-unknown-filter")) {
            RULE_OVERRIDES.put(k, Set.of("replace"));
        }
    }

    final FieldCatalog catalog;
    final List<RuleMessage> messages = new ArrayList<>();
    final Map<String, ListDef> lists = new LinkedHashMap<>();
    final Map<String, MacroDef> macros = new LinkedHashMap<>();
    final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private int position;
    private String file = "";

    Collector(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    // ---- messages ----

    private Loc loc(Node n) {
        if (n == null) {
            return new Loc(file, 0, 0);
        }
        return n.getStartMark().map(m -> new Loc(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Loc(file, 0, 0));
    }

    void add(RuleMessage.Severity sev, Loc at, String code, String text, String itemType, String itemName) {
        messages.add(new RuleMessage(sev, at.file(), at.line(), at.column(), code, text, itemType, itemName));
    }

    private void error(Node at, String code, String text, String type, String name) {
        add(RuleMessage.Severity.ERROR, loc(at), code, text, type, name);
    }

    private void warn(Node at, String code, String text, String type, String name) {
        add(RuleMessage.Severity.WARNING, loc(at), code, text, type, name);
    }

    /** Signals that the current item is invalid; its error has been recorded. */
    private static final class ItemError extends Exception {
        ItemError() {
            super(null, null, false, false);
        }
    }

    private ItemError fail(Node at, String code, String text, String type, String name) {
        error(at, code, text, type, name);
        return new ItemError();
    }

    // ---- YAML ----

    void collect(String fileName, String content) {
        this.file = fileName;
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setMaxAliasesForCollections(50).build();
        List<Node> docs = new ArrayList<>();
        try {
            for (Node doc : new Compose(settings).composeAllFromString(content)) {
                docs.add(doc);
            }
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String ctx = e.getContext() == null ? "" : e.getContext() + ": ";
            add(RuleMessage.Severity.ERROR, m == null ? new Loc(file, 0, 0) : new Loc(file, m.getLine() + 1, m.getColumn() + 1),
                    "LOAD_ERR_YAML_PARSE", ctx + problem, "rules content", "");
            return;
        } catch (YamlEngineException e) {
            add(RuleMessage.Severity.ERROR, new Loc(file, 0, 0), "LOAD_ERR_YAML_PARSE", String.valueOf(e.getMessage()),
                    "rules content", "");
            return;
        }
        for (Node doc : docs) {
            if (isNull(doc)) {
                continue;
            }
            if (!(doc instanceof SequenceNode seq)) {
                error(doc, "LOAD_ERR_YAML_VALIDATE", "Rules content is not yaml array of objects", "rules content", "");
                continue;
            }
            for (Node item : seq.getValue()) {
                if (!(item instanceof MappingNode map)) {
                    error(item, "LOAD_ERR_YAML_VALIDATE", "Rules content is not yaml array of objects", "rules content", "");
                    continue;
                }
                position++;
                try {
                    item(map);
                } catch (ItemError alreadyReported) {
                    // the item is skipped; loading goes on so every error is reported
                }
            }
        }
    }

    private static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty()));
    }

    private static Map<String, NodeTuple> keys(MappingNode map) {
        Map<String, NodeTuple> m = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                m.putIfAbsent(k.getValue(), t);
            }
        }
        return m;
    }

    private void item(MappingNode map) throws ItemError {
        Map<String, NodeTuple> k = keys(map);
        if (k.containsKey("required_engine_version")) {
            engineVersion(k.get("required_engine_version"));
        } else if (k.containsKey("required_plugin_versions")) {
            pluginVersions(k.get("required_plugin_versions"));
        } else if (k.containsKey("list")) {
            list(map, k);
        } else if (k.containsKey("macro")) {
            macro(map, k);
        } else if (k.containsKey("rule")) {
            rule(map, k);
        } else {
            warn(map, "LOAD_UNKNOWN_ITEM", "Unknown top level item", "", "");
        }
    }

    // ---- scalar helpers ----

    private String scalar(NodeTuple t, String key, String type, String name) throws ItemError {
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s)) {
            throw fail(v, "LOAD_ERR_YAML_VALIDATE", "Value for key '" + key + "' must be a scalar", type, name);
        }
        return isNull(s) ? "" : s.getValue();
    }

    /** A mandatory, non-empty scalar. */
    private String required(Map<String, NodeTuple> k, MappingNode item, String key, String type, String name)
            throws ItemError {
        NodeTuple t = k.get(key);
        if (t == null) {
            throw fail(item, "LOAD_ERR_YAML_VALIDATE", "Item has no mapping for key '" + key + "'", type, name);
        }
        String v = scalar(t, key, type, name);
        if (v.isBlank()) {
            throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Mapping for key '" + key + "' is empty", type, name);
        }
        return v;
    }

    private boolean bool(NodeTuple t, String key, String type, String name) throws ItemError {
        String v = scalar(t, key, type, name);
        return switch (v) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE",
                    "Value for key '" + key + "' must be a boolean, got '" + v + "'", type, name);
        };
    }

    private List<String> scalarList(NodeTuple t, String key, String type, String name) throws ItemError {
        Node v = t.getValueNode();
        if (isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            throw fail(v, "LOAD_ERR_YAML_VALIDATE", "Value for key '" + key + "' must be a sequence", type, name);
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (!(n instanceof ScalarNode s)) {
                throw fail(n, "LOAD_ERR_YAML_VALIDATE", "Items of key '" + key + "' must be scalars", type, name);
            }
            out.add(s.getValue());
        }
        return out;
    }

    private void unknownKeys(Map<String, NodeTuple> k, Set<String> allowed, String type, String name) {
        for (var e : k.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                warn(e.getValue().getKeyNode(), "LOAD_UNKNOWN_KEY", "Unknown key '" + e.getKey() + "'", type, name);
            }
        }
    }

    /** Parsed {@code override:} map (key → op), validated against {@code allowed}. */
    private Map<String, String> overrides(Map<String, NodeTuple> k, Map<String, Set<String>> allowed, String type,
                                          String name) throws ItemError {
        NodeTuple t = k.get("override");
        if (t == null) {
            return Map.of();
        }
        if (k.containsKey("append") && bool(k.get("append"), "append", type, name)) {
            throw fail(t.getKeyNode(), "LOAD_ERR_YAML_VALIDATE", "Keys 'override' and 'append: true' cannot be used together. "
                    + "Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", type, name);
        }
        if (!(t.getValueNode() instanceof MappingNode om)) {
            throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Value for key 'override' must be a mapping", type, name);
        }
        Map<String, String> ops = new LinkedHashMap<>();
        for (NodeTuple o : om.getValue()) {
            String key = o.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            String op = o.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
            Set<String> ok = allowed.getOrDefault(key, Set.of());
            if (!op.equals("append") && !op.equals("replace")) {
                StringBuilder allowedText = new StringBuilder();
                for (String a : List.of("append", "replace")) {
                    if (ok.contains(a)) {
                        allowedText.append(a).append(' ');
                    }
                }
                throw fail(o.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Invalid override operation for key '" + key
                        + "': '" + op + "'. Allowed values are: " + allowedText, type, name);
            }
            if (!ok.contains(op)) {
                String text = op.equals("append")
                        ? (ok.contains("replace") ? "Key '" + key + "' cannot be appended to, use 'replace' instead"
                        : "Key '" + key + "' cannot be appended to")
                        : "Key '" + key + "' cannot be replaced";
                throw fail(o.getKeyNode(), "LOAD_ERR_YAML_VALIDATE", text, type, name);
            }
            if (!k.containsKey(key)) {
                throw fail(o.getKeyNode(), "LOAD_ERR_YAML_VALIDATE", "An " + op + " override is specified for key '" + key
                        + "' but the item has no such key", type, name);
            }
            ops.put(key, op);
        }
        for (String key : allowed.keySet()) {
            if (k.containsKey(key) && !ops.containsKey(key)) {
                throw fail(k.get(key).getKeyNode(), "LOAD_ERR_YAML_VALIDATE", "Key '" + key
                        + "' is present but no override operation is specified for it under 'override'", type, name);
            }
        }
        return ops;
    }

    private boolean legacyAppend(Map<String, NodeTuple> k, String type, String name) throws ItemError {
        if (k.containsKey("append") && bool(k.get("append"), "append", type, name)) {
            warn(k.get("append").getKeyNode(), "LOAD_DEPRECATED_ITEM", "The 'append' key is deprecated. Use 'override' "
                    + "with an 'append' entry for the key (e.g. 'condition: append') instead.", type, name);
            return true;
        }
        return false;
    }

    // ---- versions ----

    private void engineVersion(NodeTuple t) throws ItemError {
        String type = "required_engine_version";
        String v = scalar(t, type, type, "");
        String semver = v.matches("[0-9]+") ? "0." + Integer.parseInt(v) + ".0" : v;
        int[] req = semver(semver);
        if (req == null) {
            throw fail(t.getValueNode(), "LOAD_ERR_VALIDATE", "Unable to parse engine version '" + v
                    + "' as a semver string. Expected \"x.y.z\" semver format.", type, "");
        }
        int[] ours = semver(ENGINE_VERSION);
        if (!compatible(ours, req)) {
            throw fail(t.getValueNode(), "LOAD_ERR_VALIDATE", "Rules require engine version " + semver
                    + ", but engine version is " + ENGINE_VERSION, type, "");
        }
    }

    static int[] semver(String s) {
        var m = SEMVER.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Same major and {@code have >= want}. */
    static boolean compatible(int[] have, int[] want) {
        if (have[0] != want[0]) {
            return false;
        }
        for (int i = 1; i < 3; i++) {
            if (have[i] != want[i]) {
                return have[i] > want[i];
            }
        }
        return true;
    }

    private void pluginVersions(NodeTuple t) throws ItemError {
        String type = "required_plugin_versions";
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Value for key 'required_plugin_versions' must be a sequence", type, "");
        }
        for (Node entry : seq.getValue()) {
            List<String[]> options = new ArrayList<>();
            plugin(entry, options, true);
            Set<String> seen = new HashSet<>();
            for (String[] o : options) {
                if (!seen.add(o[0])) {
                    throw fail(entry, "LOAD_ERR_VALIDATE", "Plugin '" + o[0]
                            + "' is named more than once in the same requirement", type, o[0]);
                }
            }
            String builtin = null;
            for (String[] o : options) {
                if (BUILTIN_PLUGINS.contains(o[0])) {
                    builtin = o[0] + " >= " + o[1];
                }
            }
            String first = options.getFirst()[0];
            if (builtin != null) {
                add(RuleMessage.Severity.INFO, loc(entry), "LOAD_PLUGIN_BUILTIN", "Plugin requirement '" + builtin
                        + "' is satisfied natively: Talon provides the container.* and k8s.* fields itself (cgroup-based)",
                        type, first);
            } else {
                error(entry, "LOAD_ERR_VALIDATE", "Plugin '" + first + "' required by this file is not loaded", type, first);
            }
        }
    }

    private void plugin(Node entry, List<String[]> out, boolean top) throws ItemError {
        String type = "required_plugin_versions";
        if (!(entry instanceof MappingNode m)) {
            throw fail(entry, "LOAD_ERR_YAML_VALIDATE", "Plugin requirement must be a mapping with 'name' and 'version'", type, "");
        }
        Map<String, NodeTuple> k = keys(m);
        String name = required(k, m, "name", type, "");
        String version = required(k, m, "version", type, name);
        if (semver(version) == null) {
            throw fail(k.get("version").getValueNode(), "LOAD_ERR_VALIDATE", "Invalid required version '" + version
                    + "' for plugin '" + name + "'", type, name);
        }
        out.add(new String[] {name, version});
        if (top && k.containsKey("alternatives")) {
            if (!(k.get("alternatives").getValueNode() instanceof SequenceNode alts)) {
                throw fail(k.get("alternatives").getValueNode(), "LOAD_ERR_YAML_VALIDATE",
                        "Value for key 'alternatives' must be a sequence", type, name);
            }
            for (Node a : alts.getValue()) {
                plugin(a, out, false);
            }
        }
    }

    // ---- lists and macros ----

    private void list(MappingNode map, Map<String, NodeTuple> k) throws ItemError {
        String type = "list";
        String name = required(k, map, "list", type, "");
        unknownKeys(k, LIST_KEYS, type, name);
        if (!NAME.matcher(name).matches()) {
            warn(k.get("list").getValueNode(), "LOAD_INVALID_LIST_NAME", "List has an invalid name. List names should match "
                    + "a regular expression: ^[a-zA-Z]+[a-zA-Z0-9_]*$", type, name);
        }
        Map<String, String> ops = overrides(k, Map.of("items", Set.of("append", "replace")), type, name);
        boolean append = legacyAppend(k, type, name) || "append".equals(ops.get("items"));
        if (!k.containsKey("items")) {
            throw fail(map, "LOAD_ERR_YAML_VALIDATE", "Item has no mapping for key 'items'", type, name);
        }
        List<String> items = scalarList(k.get("items"), "items", type, name);
        ListDef existing = lists.get(name);
        if (append || "replace".equals(ops.get("items"))) {
            if (existing == null) {
                throw fail(map, "LOAD_ERR_VALIDATE", append
                        ? "List uses 'append' or 'override.items: append' but no list by that name already exists"
                        : "An 'override.items: replace' to a list was requested but no list by that name already exists",
                        type, name);
            }
            if (items.isEmpty()) {
                warn(map, "LOAD_APPEND_NO_VALUES", "Overriding/appending list with no values", type, name);
            }
            if (append) {
                existing.items.addAll(items);
            } else {
                existing.items = new ArrayList<>(items);
            }
            existing.visibility = position;
            return;
        }
        ListDef def = existing != null ? existing : new ListDef(name, position, loc(map));
        def.items = new ArrayList<>(items);
        def.visibility = position;
        def.loc = loc(map);
        lists.put(name, def);
    }

    private void macro(MappingNode map, Map<String, NodeTuple> k) throws ItemError {
        String type = "macro";
        String name = required(k, map, "macro", type, "");
        unknownKeys(k, MACRO_KEYS, type, name);
        if (!NAME.matcher(name).matches()) {
            warn(k.get("macro").getValueNode(), "LOAD_INVALID_MACRO_NAME", "Macro has an invalid name. Macro names should "
                    + "match a regular expression: ^[a-zA-Z]+[a-zA-Z0-9_]*$", type, name);
        }
        Map<String, String> ops = overrides(k, Map.of("condition", Set.of("append", "replace")), type, name);
        boolean append = legacyAppend(k, type, name) || "append".equals(ops.get("condition"));
        String condition = required(k, map, "condition", type, name);
        Loc condLoc = loc(k.get("condition").getValueNode());
        MacroDef existing = macros.get(name);
        if (append || "replace".equals(ops.get("condition"))) {
            if (existing == null) {
                throw fail(map, "LOAD_ERR_VALIDATE", append
                        ? "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists"
                        : "An 'override.condition: replace' to a macro was requested but no macro by that name already exists",
                        type, name);
            }
            existing.condition = append ? existing.condition + " " + condition : condition;
            existing.conditionLoc = condLoc;
            existing.visibility = position;
            return;
        }
        MacroDef def = existing != null ? existing : new MacroDef(name, position, loc(map));
        def.condition = condition;
        def.conditionLoc = condLoc;
        def.visibility = position;
        def.loc = loc(map);
        macros.put(name, def);
    }

    // ---- rules ----

    private void rule(MappingNode map, Map<String, NodeTuple> k) throws ItemError {
        String type = "rule";
        String name = required(k, map, "rule", type, "");
        unknownKeys(k, RULE_KEYS, type, name);
        Map<String, String> ops = overrides(k, RULE_OVERRIDES, type, name);
        boolean append = legacyAppend(k, type, name);
        RuleDef existing = rules.get(name);
        Set<String> present = new HashSet<>(k.keySet());
        present.remove("rule");
        if (!append && ops.isEmpty() && present.equals(Set.of("enabled"))) {
            if (existing == null) {
                throw fail(map, "LOAD_ERR_VALIDATE", "Rule has only the 'enabled' key but no rule by that name already exists",
                        type, name);
            }
            warn(k.get("enabled").getKeyNode(), "LOAD_DEPRECATED_ITEM", "The standalone 'enabled' key usage is deprecated. "
                    + "The correct approach requires also a 'replace' entry in the 'override' key (i.e. 'enabled: replace').",
                    type, name);
            existing.enabled = bool(k.get("enabled"), "enabled", type, name);
            existing.visibility = position;
            return;
        }
        if (append || !ops.isEmpty()) {
            boolean anyAppend = append || ops.containsValue("append");
            if (existing == null) {
                throw fail(map, "LOAD_ERR_VALIDATE", anyAppend
                        ? "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
                        : "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists",
                        type, name);
            }
            if (append && !k.containsKey("condition") && !k.containsKey("exceptions")) {
                throw fail(map, "LOAD_ERR_VALIDATE", "Appended rule must have exceptions or condition property", type, name);
            }
            Map<String, String> effective = new LinkedHashMap<>(ops);
            if (append) {
                for (String key : List.of("condition", "output", "desc", "tags", "exceptions")) {
                    if (k.containsKey(key)) {
                        effective.put(key, "append");
                    }
                }
            }
            applyOverrides(existing, k, effective, type, name);
            existing.visibility = position;
            return;
        }
        String condition = required(k, map, "condition", type, name);
        String output = required(k, map, "output", type, name);
        String desc = required(k, map, "desc", type, name);
        String prio = required(k, map, "priority", type, name);
        Priority priority = parsePriority(prio);
        if (priority == null) {
            throw fail(k.get("priority").getValueNode(), "LOAD_ERR_VALIDATE", "Invalid priority", type, name);
        }
        String source = k.containsKey("source") ? scalar(k.get("source"), "source", type, name) : "syscall";
        if (source.isEmpty()) {
            source = "syscall";
        }
        if (!KNOWN_SOURCES.contains(source)) {
            warn(k.get("source").getValueNode(), "LOAD_UNKNOWN_SOURCE", "Unknown source " + source + ", skipping", type, name);
            return;
        }
        RuleDef def = existing != null ? existing : new RuleDef(name, position, loc(map), file);
        def.condition = condition;
        def.conditionLoc = loc(k.get("condition").getValueNode());
        def.output = output;
        def.desc = desc;
        def.priority = priority;
        def.source = source;
        def.loc = loc(map);
        def.enabled = !k.containsKey("enabled") || bool(k.get("enabled"), "enabled", type, name);
        def.tags = k.containsKey("tags") ? new LinkedHashSet<>(scalarList(k.get("tags"), "tags", type, name)) : new LinkedHashSet<>();
        def.exceptions = k.containsKey("exceptions") ? exceptions(k.get("exceptions"), name, List.of()) : new ArrayList<>();
        def.warnEvttypes = !k.containsKey("warn_evttypes") || bool(k.get("warn_evttypes"), "warn_evttypes", type, name);
        def.skipIfUnknownFilter = k.containsKey("skip-if-unknown-filter")
                && bool(k.get("skip-if-unknown-filter"), "skip-if-unknown-filter", type, name);
        def.capture = k.containsKey("capture") && bool(k.get("capture"), "capture", type, name);
        def.captureDuration = k.containsKey("capture_duration") ? duration(k.get("capture_duration"), name) : 0;
        def.visibility = position;
        rules.put(name, def);
    }

    private long duration(NodeTuple t, String name) throws ItemError {
        String v = scalar(t, "capture_duration", "rule", name);
        try {
            long d = Long.parseLong(v);
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Value for key 'capture_duration' must be a non-negative "
                + "integer (milliseconds), got '" + v + "'", "rule", name);
    }

    private void applyOverrides(RuleDef r, Map<String, NodeTuple> k, Map<String, String> ops, String type, String name)
            throws ItemError {
        boolean noValues = true;
        for (var e : ops.entrySet()) {
            String key = e.getKey();
            boolean app = e.getValue().equals("append");
            NodeTuple t = k.get(key);
            switch (key) {
                case "condition" -> {
                    String v = required(k, null, key, type, name);
                    r.condition = app ? r.condition + " " + v : v;
                    r.conditionLoc = loc(t.getValueNode());
                }
                case "output" -> {
                    String v = required(k, null, key, type, name);
                    r.output = app ? r.output + " " + v : v;
                }
                case "desc" -> {
                    String v = required(k, null, key, type, name);
                    r.desc = app ? r.desc + " " + v : v;
                }
                case "tags" -> {
                    List<String> v = scalarList(t, key, type, name);
                    if (!app) {
                        r.tags = new LinkedHashSet<>();
                    }
                    r.tags.addAll(v);
                    noValues &= v.isEmpty();
                    continue;
                }
                case "exceptions" -> {
                    if (app) {
                        r.exceptions = exceptions(t, name, r.exceptions);
                    } else {
                        r.exceptions = exceptions(t, name, List.of());
                    }
                }
                case "priority" -> {
                    Priority p = parsePriority(required(k, null, key, type, name));
                    if (p == null) {
                        throw fail(t.getValueNode(), "LOAD_ERR_VALIDATE", "Invalid priority", type, name);
                    }
                    r.priority = p;
                }
                case "enabled" -> r.enabled = bool(t, key, type, name);
                case "warn_evttypes" -> r.warnEvttypes = bool(t, key, type, name);
                case "skip-if-unknown-filter" -> r.skipIfUnknownFilter = bool(t, key, type, name);
                case "capture" -> r.capture = bool(t, key, type, name);
                case "capture_duration" -> r.captureDuration = duration(t, name);
                default -> throw new IllegalStateException("unvalidated override key " + key);
            }
            noValues = false;
        }
        if (noValues) {
            warn(k.get("rule").getKeyNode(), "LOAD_APPEND_NO_VALUES", "Overriding/appending rule with no values", type, name);
        }
    }

    /**
     * Parses an {@code exceptions:} sequence. With {@code base} non-empty (append), exceptions with
     * a known name may only add values; new names are added.
     */
    private List<ExceptionSpec> exceptions(NodeTuple t, String rule, List<ExceptionSpec> base) throws ItemError {
        List<ExceptionSpec> out = new ArrayList<>(base);
        if (isNull(t.getValueNode())) {
            return out;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            throw fail(t.getValueNode(), "LOAD_ERR_YAML_VALIDATE", "Value for key 'exceptions' must be a sequence", "rule", rule);
        }
        Set<String> namesHere = new HashSet<>();
        for (Node n : seq.getValue()) {
            if (!(n instanceof MappingNode m)) {
                throw fail(n, "LOAD_ERR_YAML_VALIDATE", "Exception must be a mapping", "rule", rule);
            }
            Map<String, NodeTuple> k = keys(m);
            String name = required(k, m, "name", "exception", "");
            if (!namesHere.add(name)) {
                throw fail(k.get("name").getValueNode(), "LOAD_ERR_VALIDATE", "Multiple definitions of exception '" + name
                        + "' in the same rule", "exception", name);
            }
            for (String key : k.keySet()) {
                if (!Set.of("name", "fields", "comps", "values").contains(key)) {
                    warn(k.get(key).getKeyNode(), "LOAD_UNKNOWN_KEY", "Unknown key '" + key + "'", "exception", name);
                }
            }
            int existingIdx = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(name)) {
                    existingIdx = i;
                }
            }
            if (existingIdx >= 0 && !base.isEmpty() && existingIdx < base.size()) {
                if (k.containsKey("fields")) {
                    throw fail(k.get("fields").getKeyNode(), "LOAD_ERR_VALIDATE",
                            "Can not append exception fields to existing exception, only values", "exception", name);
                }
                if (k.containsKey("comps")) {
                    throw fail(k.get("comps").getKeyNode(), "LOAD_ERR_VALIDATE",
                            "Can not append exception comps to existing exception, only values", "exception", name);
                }
                ExceptionSpec old = out.get(existingIdx);
                List<List<List<String>>> values = new ArrayList<>(old.values());
                if (k.containsKey("values")) {
                    values.addAll(values(k.get("values"), old.fields().size(), old.scalarForm(), name));
                }
                out.set(existingIdx, new ExceptionSpec(name, old.fields(), old.comps(), values, old.scalarForm()));
                continue;
            }
            out.add(exception(m, k, name));
        }
        return out;
    }

    private ExceptionSpec exception(MappingNode m, Map<String, NodeTuple> k, String name) throws ItemError {
        String type = "exception";
        if (!k.containsKey("fields")) {
            throw fail(m, "LOAD_ERR_YAML_VALIDATE", "Item has no mapping for key 'fields'", type, name);
        }
        Node fieldsNode = k.get("fields").getValueNode();
        NodeTuple compsT = k.get("comps");
        List<String> fields;
        List<String> comps;
        boolean scalarForm = fieldsNode instanceof ScalarNode;
        if (scalarForm) {
            fields = List.of(((ScalarNode) fieldsNode).getValue());
            String comp = "in";
            if (compsT != null) {
                if (!(compsT.getValueNode() instanceof ScalarNode cs)) {
                    throw fail(compsT.getValueNode(), "LOAD_ERR_VALIDATE",
                            "When fields is a single value, comps must also be a single value", type, name);
                }
                comp = cs.getValue();
            }
            if (!isListComp(comp)) {
                throw fail(compsT == null ? fieldsNode : compsT.getValueNode(), "LOAD_ERR_VALIDATE",
                        "When fields is a single value, comps must be one of (in, pmatch, intersects), got '" + comp + "'",
                        type, name);
            }
            comps = List.of(comp);
        } else {
            fields = scalarList(k.get("fields"), "fields", type, name);
            if (compsT == null) {
                comps = fields.stream().map(f -> "=").toList();
            } else {
                if (!(compsT.getValueNode() instanceof SequenceNode)) {
                    throw fail(compsT.getValueNode(), "LOAD_ERR_VALIDATE", "Fields and comps lists must have equal length",
                            type, name);
                }
                comps = scalarList(compsT, "comps", type, name);
                if (comps.size() != fields.size()) {
                    throw fail(compsT.getValueNode(), "LOAD_ERR_VALIDATE", "Fields and comps lists must have equal length",
                            type, name);
                }
            }
            for (int i = 0; i < comps.size(); i++) {
                if (!isComp(comps.get(i))) {
                    throw fail(compsT.getValueNode(), "LOAD_ERR_VALIDATE", "'" + comps.get(i)
                            + "' is not a supported comparison operator", type, name);
                }
            }
        }
        for (String f : fields) {
            if (!dev.talon.filter.FilterPrinter.needsQuotes(f) && catalog.resolve(f, null).isPresent()) {
                continue;
            }
            if (f.matches(".+\\[[^\\]]*\\]") && catalog.resolve(f.substring(0, f.indexOf('[')),
                    f.substring(f.indexOf('[') + 1, f.length() - 1)).isPresent()) {
                continue;
            }
            throw fail(fieldsNode, "LOAD_ERR_VALIDATE", "'" + f + "' is not a supported filter field", type, name);
        }
        List<List<List<String>>> values = k.containsKey("values")
                ? values(k.get("values"), fields.size(), scalarForm, name) : List.of();
        return new ExceptionSpec(name, fields, comps, values, scalarForm);
    }

    private List<List<List<String>>> values(NodeTuple t, int nFields, boolean scalarForm, String name) throws ItemError {
        String type = "exception";
        Node v = t.getValueNode();
        if (isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode rows)) {
            throw fail(v, "LOAD_ERR_YAML_VALIDATE", "Value for key 'values' must be a sequence", type, name);
        }
        List<List<List<String>>> out = new ArrayList<>();
        for (Node row : rows.getValue()) {
            if (scalarForm) {
                if (!(row instanceof ScalarNode s)) {
                    throw fail(row, "LOAD_ERR_VALIDATE", "When fields is a single value, values must be a list of strings",
                            type, name);
                }
                out.add(List.of(List.of(s.getValue())));
                continue;
            }
            if (!(row instanceof SequenceNode cells) || cells.getValue().size() != nFields) {
                throw fail(row, "LOAD_ERR_VALIDATE", "Fields and values lists must have equal length", type, name);
            }
            List<List<String>> r = new ArrayList<>();
            for (Node cell : cells.getValue()) {
                if (cell instanceof ScalarNode s) {
                    r.add(List.of(s.getValue()));
                } else if (cell instanceof SequenceNode inner) {
                    List<String> items = new ArrayList<>();
                    for (Node i : inner.getValue()) {
                        if (!(i instanceof ScalarNode is)) {
                            throw fail(i, "LOAD_ERR_VALIDATE", "Exception values must be strings or lists of strings", type, name);
                        }
                        items.add(is.getValue());
                    }
                    r.add(items);
                } else {
                    throw fail(cell, "LOAD_ERR_VALIDATE", "Exception values must be strings or lists of strings", type, name);
                }
            }
            out.add(r);
        }
        return out;
    }

    /** A list operator: in, intersects, pmatch, or a string operator with oneof/anyof/allof. */
    static boolean isListComp(String comp) {
        String[] parts = comp.trim().split("\\s+");
        if (parts.length == 1) {
            Operator op = Operator.fromToken(parts[0]);
            return op != null && op.kind() == Operator.Kind.LIST;
        }
        return parts.length == 2 && Operator.fromToken(parts[0]) != null
                && Operator.fromToken(parts[0]).kind() == Operator.Kind.STRING
                && Set.of("oneof", "anyof", "allof").contains(parts[1]);
    }

    static boolean isComp(String comp) {
        Operator op = Operator.fromToken(comp.trim());
        return (op != null && op != Operator.EXISTS) || isListComp(comp);
    }

    /** Falco's priority names (case-insensitive, {@code info} too); null for anything else. */
    private static Priority parsePriority(String text) {
        try {
            return Priority.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
