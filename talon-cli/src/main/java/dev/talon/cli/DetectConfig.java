package dev.talon.cli;

import dev.talon.outputs.config.ConfigException;
import dev.talon.outputs.config.TalonConfig;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * talon.yaml for {@code talon detect}: everything TalonConfig reads, plus Falco's top-level {@code rules:}
 * list of enable/disable entries, which TalonConfig (owned by talon-outputs) does not know yet. The
 * {@code rules:} block is taken out here and its lines blanked, so TalonConfig's error positions stay
 * those of the file.
 *
 * @param rulesSelection the raw {@code rules:} value (list of maps) or null
 */
record DetectConfig(TalonConfig config, Object rulesSelection) {

    static DetectConfig load(Path file, List<String> overrides) throws ConfigException {
        if (file == null) {
            return new DetectConfig(TalonConfig.withOverrides(overrides), null);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "cannot read configuration file: " + e.getMessage());
        }
        Object rules = null;
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text);
        } catch (YamlEngineException e) {
            root = Optional.empty(); // TalonConfig reports the syntax error with its position
        }
        if (root.isPresent() && root.get() instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("rules")) {
                    rules = raw(t.getValueNode());
                    int from = t.getKeyNode().getStartMark().map(m -> m.getLine()).orElse(-1);
                    int to = t.getValueNode().getEndMark().map(m -> m.getColumn() == 0 ? m.getLine() - 1 : m.getLine())
                            .orElse(from);
                    text = blankLines(text, from, to);
                }
            }
        }
        return new DetectConfig(TalonConfig.parse(text, file.toString(), overrides), rules);
    }

    /** Replaces lines {@code from..to} (0-based, inclusive) by empty lines. */
    private static String blankLines(String text, int from, int to) {
        String[] lines = text.split("\n", -1);
        for (int i = Math.max(0, from); i <= to && i < lines.length; i++) {
            lines[i] = "";
        }
        return String.join("\n", lines);
    }

    private static Object raw(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(String.valueOf(raw(t.getKeyNode())), raw(t.getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node n : s.getValue()) {
                out.add(raw(n));
            }
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        return s.getTag().equals(Tag.NULL) ? null : s.getValue();
    }
}
