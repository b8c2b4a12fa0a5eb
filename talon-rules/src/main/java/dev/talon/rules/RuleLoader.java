package dev.talon.rules;

import dev.talon.filter.FieldCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * Files share one namespace (later files append to / override earlier items); parsing and compilation
 * happen once, in {@link #load()}. A loader is single use.
 */
public final class RuleLoader {
    /** Engine version reported to {@code required_engine_version} checks. */
    public static final String ENGINE_VERSION = Collector.ENGINE_VERSION;

    private final Collector collector;
    private final boolean standardCatalog;
    /** The files in the order given, collected by {@link #load} (so that a cached load skips their YAML). */
    private final List<Source> sources = new ArrayList<>();
    private boolean loaded;

    /** A file's name and content, or its name and why it could not be read. */
    private record Source(String name, String content, String readError) {}

    public RuleLoader() {
        this(FieldCatalog.standard());
    }

    public RuleLoader(FieldCatalog catalog) {
        this.collector = new Collector(catalog);
        this.standardCatalog = catalog == FieldCatalog.standard();
    }

    /** Adds one file's content; {@code fileName} is used in messages. */
    public RuleLoader add(String fileName, String yaml) {
        if (loaded) {
            throw new IllegalStateException("rules already loaded");
        }
        sources.add(new Source(fileName, yaml, null));
        return this;
    }

    /** Reads and adds a file; an unreadable file is a LOAD_ERR_FILE_READ error at load. */
    public RuleLoader addFile(Path path) {
        if (loaded) {
            throw new IllegalStateException("rules already loaded");
        }
        try {
            return add(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            sources.add(new Source(path.toString(), null, "Could not read file: " + e.getMessage()));
            return this;
        }
    }

    /** Collects and compiles everything added. */
    public RuleSet load() throws RuleLoadException {
        if (loaded) {
            throw new IllegalStateException("rules already loaded");
        }
        loaded = true;
        for (Source src : sources) {
            if (src.content() != null) {
                collector.collect(src.name(), src.content());
            } else {
                collector.add(RuleMessage.Severity.ERROR, new Defs.Loc(src.name(), 0, 0), "LOAD_ERR_FILE_READ",
                        src.readError(), "rules content", "");
            }
        }
        if (collector.messages.stream().anyMatch(RuleMessage::isError)) {
            throw new RuleLoadException(collector.messages);
        }
        RuleSet set = new Compiler(collector).compile();
        if (set.messages().stream().anyMatch(RuleMessage::isError)) {
            throw new RuleLoadException(set.messages());
        }
        return set;
    }

    /**
     * {@link #load()} through {@code cache}: the rule set kept for the same files and build when there is one,
     * else a load, then kept. Loads that fail are not kept, so their errors are always reported afresh; files
     * that could not be read and custom field catalogues bypass the cache.
     */
    public RuleSet load(RuleSetCache cache) throws RuleLoadException {
        String key = null;
        if (cache != null && standardCatalog && sources.stream().allMatch(src -> src.content() != null)) {
            key = cache.key(sources.stream().map(src -> new String[] {src.name(), src.content()}).toList());
        }
        if (key != null) {
            if (loaded) {
                throw new IllegalStateException("rules already loaded");
            }
            RuleSet kept = cache.read(key);
            if (kept != null) {
                loaded = true;
                return kept;
            }
        }
        RuleSet set = load();
        if (key != null) cache.write(key, set);
        return set;
    }
}
