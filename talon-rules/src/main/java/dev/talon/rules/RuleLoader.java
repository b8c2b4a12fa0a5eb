package dev.talon.rules;

import dev.talon.filter.FieldCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Falco rules files, in order, into a {@link RuleSet}:
 *
 * <pre>
 * RuleSet rules = new RuleLoader()
 *         .addFile(Path.of("falco_rules.yaml"))
 *         .addFile(Path.of("falco-incubating_rules.yaml"))
 *         .load();            // throws RuleLoadException with every error and warning
 * </pre>
 *
 * Files share one namespace (later files append to / override earlier items); compilation
 * happens once, in {@link #load()}. A loader is single use.
 */
public final class RuleLoader {
    /** Engine version reported to {@code required_engine_version} checks. */
    public static final String ENGINE_VERSION = Collector.ENGINE_VERSION;

    private final Collector collector;
    private boolean loaded;

    public RuleLoader() {
        this(FieldCatalog.standard());
    }

    public RuleLoader(FieldCatalog catalog) {
        this.collector = new Collector(catalog);
    }

    /** Collects one file's content; {@code fileName} is used in messages. */
    public RuleLoader add(String fileName, String yaml) {
        if (loaded) {
            throw new IllegalStateException("rules already loaded");
        }
        collector.collect(fileName, yaml);
        return this;
    }

    /** Reads and collects a file; an unreadable file is a LOAD_ERR_FILE_READ error at load. */
    public RuleLoader addFile(Path path) {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            collector.add(RuleMessage.Severity.ERROR, new Defs.Loc(path.toString(), 0, 0), "LOAD_ERR_FILE_READ",
                    "Could not read file: " + e.getMessage(), "rules content", "");
            return this;
        }
        return add(path.toString(), content);
    }

    /** Compiles everything collected. */
    public RuleSet load() throws RuleLoadException {
        if (loaded) {
            throw new IllegalStateException("rules already loaded");
        }
        loaded = true;
        if (collector.messages.stream().anyMatch(RuleMessage::isError)) {
            throw new RuleLoadException(collector.messages);
        }
        RuleSet set = new Compiler(collector).compile();
        if (set.messages().stream().anyMatch(RuleMessage::isError)) {
            throw new RuleLoadException(set.messages());
        }
        return set;
    }
}
