package dev.talon.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Falco's stable rules ({@code falco_rules.yaml}, falco-rules-5.1.0), shipped in the jar as Talon's
 * default rule set; see {@code rules/README.md} beside the resource for its origin.
 */
public final class BundledRules {
    /** The name used for the bundled file in load messages. */
    public static final String NAME = "falco_rules.yaml (bundled)";
    static final String RESOURCE = "/rules/falco_rules.yaml";

    private BundledRules() {
    }

    /** The YAML text of the bundled stable rules. */
    public static String text() {
        try (InputStream in = BundledRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled rules resource " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the bundled stable rules to {@code loader}. */
    public static RuleLoader addTo(RuleLoader loader) {
        return loader.add(NAME, text());
    }
}
