package dev.talon.rules;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled default rules are Falco's stable file, unchanged, and load cleanly on their own. */
class BundledRulesTest {
    static final String SHA256 = "1c15d5d543635b76e31cca39d7df8bf4caf50a428613c314d92986a23bfcb617";

    @Test
    void bundledFileIsByteIdenticalToFalcoStableRules() throws Exception {
        byte[] bytes = BundledRules.text().getBytes(StandardCharsets.UTF_8);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(SHA256);
        assertThat(bytes).isEqualTo(Files.readAllBytes(Shared.dir().resolve("rules/falco_rules.yaml")));
    }

    @Test
    void bundledRulesLoadWithZeroErrors() throws Exception {
        RuleSet rules = BundledRules.addTo(new RuleLoader()).load();
        assertThat(rules.rules()).hasSize(25).allMatch(CompiledRule::enabled);
        assertThat(rules.rulesPerFile()).containsEntry(BundledRules.NAME, 25);
        assertThat(rules.messages()).noneMatch(RuleMessage::isError);
    }
}
