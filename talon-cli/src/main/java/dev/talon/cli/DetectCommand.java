package dev.talon.cli;

import dev.talon.outputs.Priority;
import dev.talon.outputs.config.ConfigException;
import dev.talon.outputs.config.TalonConfig;
import dev.talon.rules.BundledRules;
import dev.talon.rules.RuleListing;
import dev.talon.rules.RuleLoadException;
import dev.talon.rules.RuleLoader;
import dev.talon.rules.RuleMessage;
import dev.talon.rules.RuleSet;
import dev.talon.rules.RuleSetCache;
import dev.talon.rules.engine.AppendOutput;
import dev.talon.rules.engine.DetectionEngine;
import dev.talon.rules.engine.RuleSelection;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code talon detect}: Falco. Live ({@code sudo talon detect}) or on capture files ({@code -r/-e FILE}),
 * with the bundled stable rules unless {@code -R/--rules-file} or talon.yaml's {@code rules_files} name
 * others. {@code -V/--validate} and {@code -L/--list} only load rules.
 */
final class DetectCommand implements Callable<Integer> {
    List<Path> captures = new ArrayList<>();
    List<Path> rulesFiles = new ArrayList<>();
    Path configFile;
    List<String> overrides = new ArrayList<>();
    String priority;
    List<String> disableSubstrings = new ArrayList<>();
    List<String> disableTags = new ArrayList<>();
    List<String> onlyTags = new ArrayList<>();
    List<Path> validate = new ArrayList<>();
    boolean list;
    int seconds;
    boolean allEvents;
    boolean verbose;

    /** The command line of this command: Falco's letters. */
    CommandSpec spec() {
        return new CommandOptions(this, "detect", "Threat detection with Falco rules, live or on capture files")
                .help()
                .repeatable("-r,-e", Path.class, "<file>", null,
                        "capture file(s) to read instead of capturing live (repeatable)", v -> captures = v)
                .repeatable("-R,--rules-file", Path.class, "<file>", null, "rules file, loaded in order (repeatable; "
                        + "default: talon.yaml rules_files, else the bundled Falco stable rules)", v -> rulesFiles = v)
                .option("-c", Path.class, "<file>", "configuration file (talon.yaml, Falco's falco.yaml keys)",
                        v -> configFile = v)
                .repeatable("-o", String.class, "<key=value>", null,
                        "override a configuration key: -o key=value (repeatable)", v -> overrides = v)
                .option("-p,--priority", String.class, "<priority>", "minimum rule priority to evaluate "
                        + "(emergency, alert, critical, error, warning, notice, informational, debug)", v -> priority = v)
                .repeatable("-D", String.class, "<substring>", null,
                        "disable rules whose name contains this substring (repeatable)", v -> disableSubstrings = v)
                .repeatable("-T", String.class, "<tag>", null, "disable rules with this tag (repeatable)",
                        v -> disableTags = v)
                .repeatable("-t", String.class, "<tag>", null, "only enable rules with this tag (repeatable)",
                        v -> onlyTags = v)
                .repeatable("-V,--validate", Path.class, "<file>", "1..*",
                        "validate rules file(s) like falco -V and exit", v -> validate = v)
                .flag("-L,--list", "describe the loaded rules (priority, tags, event types, compiled condition) and exit",
                        () -> list = true)
                .option("-M", int.class, "<seconds>", "stop after this many seconds (live capture)", v -> seconds = v)
                .flag("-A", "live: capture every syscall, not only the rules' event types and those that keep the state",
                        () -> allEvents = true)
                .flag("-v", "verbose: print every rules load warning", () -> verbose = true)
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (!validate.isEmpty()) {
            return validate(validate, System.out);
        }
        TalonConfig config;
        try {
            config = configFile == null ? TalonConfig.withOverrides(overrides) : TalonConfig.load(configFile, overrides);
        } catch (ConfigException e) {
            err.println("talon: " + e.getMessage());
            return 1;
        }
        config.warnings().forEach(w -> err.println("talon: " + w));
        RuleSet rules;
        try {
            rules = loadRules(config, err);
        } catch (RuleLoadException e) {
            e.errors().forEach(m -> err.println("talon: " + m));
            err.println("talon: rules failed to load (" + e.errors().size() + " error(s))");
            return 1;
        }
        RuleSelection selection;
        DetectionEngine.Settings settings;
        try {
            selection = selection(config, config.value("rules"));
            settings = new DetectionEngine.Settings(DetectionEngine.Matching.parse(config.ruleMatching()),
                    config.timeFormatIso8601(), AppendOutput.parse(config.value("append_output")));
        } catch (IllegalArgumentException e) {
            err.println("talon: " + e.getMessage());
            return 1;
        }
        if (list) {
            System.out.print(RuleListing.describe(rules, selection::isSelected));
            return 0;
        }
        return DetectRun.run(new DetectRun.Request(captures, rules, selection, settings, config, seconds, allEvents), err);
    }

    RuleSet loadRules(TalonConfig config, PrintStream err) throws RuleLoadException {
        RuleLoader loader = new RuleLoader();
        List<String> files = rulesFiles.isEmpty() ? config.rulesFiles() : rulesFiles.stream().map(Path::toString).toList();
        if (files.isEmpty()) {
            BundledRules.addTo(loader);
        } else {
            files.forEach(f -> loader.addFile(Path.of(f)));
        }
        // a start with the same rules files reads them as loaded before (RuleSetCache; TALON_RULES_CACHE=off: never)
        RuleSet rules = "off".equals(System.getenv("TALON_RULES_CACHE")) ? loader.load()
                : loader.load(RuleSetCache.standard());
        long warnings = rules.warnings().size();
        if (verbose) {
            rules.warnings().forEach(m -> err.println("talon: " + m));
        }
        err.println("talon: loaded " + rules.rules().size() + " rules from "
                + (files.isEmpty() ? BundledRules.NAME : String.join(", ", files))
                + (warnings > 0 ? " (" + warnings + " warnings" + (verbose ? ")" : ", -v to show)") : ""));
        return rules;
    }

    RuleSelection selection(TalonConfig config, Object configRules) {
        RuleSelection.Builder b = RuleSelection.builder().configRules(configRules);
        Priority min = config.minimumPriority();
        if (priority != null) {
            min = Priority.parse(priority);
        }
        b.minimumPriority(min);
        disableSubstrings.forEach(b::disableNameContaining);
        disableTags.forEach(b::disableTag);
        onlyTags.forEach(b::onlyTag);
        return b.build();
    }

    /**
     * {@code falco -V}: loads the files in order (a later file may use an earlier one's macros and lists)
     * and prints each file's result with its errors and warnings ({@code file:line:column: ...}).
     */
    static int validate(List<Path> files, PrintStream out) {
        RuleLoader loader = new RuleLoader();
        files.forEach(loader::addFile);
        List<RuleMessage> messages;
        boolean ok;
        try {
            messages = loader.load().messages();
            ok = true;
        } catch (RuleLoadException e) {
            messages = e.messages();
            ok = false;
        }
        out.println("Validating rules file(s):");
        files.forEach(f -> out.println("   " + f));
        for (Path f : files) {
            String name = f.toString();
            List<RuleMessage> mine = messages.stream().filter(m -> m.file().equals(name)).toList();
            boolean errors = mine.stream().anyMatch(RuleMessage::isError);
            boolean warnings = mine.stream().anyMatch(m -> m.severity() == RuleMessage.Severity.WARNING);
            out.println(name + ": " + (errors ? "Invalid" : warnings ? "Ok, with warnings" : "Ok"));
            mine.stream().filter(m -> m.severity() != RuleMessage.Severity.INFO).forEach(m -> out.println("  " + m));
        }
        // errors found while compiling may not belong to one of the files (none today), show them too
        messages.stream().filter(m -> m.isError() && files.stream().noneMatch(f -> f.toString().equals(m.file())))
                .forEach(m -> out.println("  " + m));
        return ok ? 0 : 1;
    }
}
