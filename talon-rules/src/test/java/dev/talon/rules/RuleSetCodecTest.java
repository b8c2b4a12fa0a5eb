package dev.talon.rules;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule sets survive the trip through bytes exactly, positions included, and damaged bytes are refused. */
class RuleSetCodecTest {

    private static RuleSet load(List<String> files) throws RuleLoadException {
        RuleLoader loader = new RuleLoader();
        Path dir = Shared.dir().resolve("rules");
        for (String f : files) loader.addFile(dir.resolve(f));
        return loader.load();
    }

    private static void assertRoundTrip(RuleSet set) {
        byte[] bytes = RuleSetCodec.encode(set);
        RuleSet back = RuleSetCodec.decode(bytes);
        assertThat(back).isEqualTo(set);
        // SourcePos ignores positions in equals: the same bytes again show that the positions came back too
        assertThat(RuleSetCodec.encode(back)).isEqualTo(bytes);
        assertThat(back.rules()).extracting(CompiledRule::compiledCondition)
                .containsExactlyElementsOf(set.rules().stream().map(CompiledRule::compiledCondition).toList());
    }

    @Test
    void theBundledAndTheSharedRulesFilesComeBackExactly() throws Exception {
        assertRoundTrip(BundledRules.addTo(new RuleLoader()).load());
        assertRoundTrip(load(List.of("falco_rules.yaml")));
        assertRoundTrip(load(List.of("falco_rules.yaml", "falco-incubating_rules.yaml")));
        RuleSet all = load(List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"));
        assertRoundTrip(all);
        // not vacuous: the set has warnings, disabled rules and lists (exceptions: the next test)
        assertThat(all.warnings()).isNotEmpty();
        assertThat(all.rules().stream().filter(r -> !r.enabled()).count()).isPositive();
        assertThat(all.lists()).isNotEmpty();
    }

    @Test
    void aRuleSetWithEveryKindOfNodeComesBackExactly() throws Exception {
        String yaml = """
                - list: shells
                  items: [sh, "my shell", bash]
                - macro: spawned
                  condition: evt.type in (execve, execveat) and evt.dir=<
                - rule: every node
                  desc: d
                  condition: >
                    spawned and proc.name in (shells) and not fd.name exists
                    and tolower(proc.exe) startswith "/usr" and proc.aname[2] = val(proc.pname)
                    and fd.name pmatch (/etc, /root) and proc.cmdline contains allof (a, b) and evt.rawres >= 0
                    or (b64(fd.name) = x and basename(proc.exepath) in (ls, cat))
                  output: "%proc.name %fd.name %proc.aname[2]"
                  priority: WARNING
                  tags: [b, a]
                  exceptions:
                    - name: pairs
                      fields: [proc.name, fd.name]
                      comps: [=, startswith]
                      values:
                        - [cat, /etc]
                    - name: single
                      fields: proc.pname
                      comps: in
                      values: [bash, zsh]
                """;
        RuleSet set = new RuleLoader().add("every.yaml", yaml).load();
        assertThat(set.rules()).hasSize(1);
        assertThat(set.rules().getFirst().exceptions()).hasSize(2);
        assertRoundTrip(set);
    }

    @Test
    void truncatedOrDamagedBytesAreRefused() throws Exception {
        byte[] bytes = RuleSetCodec.encode(BundledRules.addTo(new RuleLoader()).load());
        for (int n = 0; n < bytes.length; n += n < 64 || n > bytes.length - 64 ? 1 : 97) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> RuleSetCodec.decode(cut)).as("cut at " + n).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] flipped = bytes.clone();
            int at = random.nextInt(flipped.length);
            flipped[at] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> RuleSetCodec.decode(flipped)).as("bit flipped at " + at)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Past the checksum (damage it cannot see, or bytes made to pass it), the structure is still checked. */
    @Test
    void damageBehindAValidChecksumIsRefusedOrDecodes() throws Exception {
        byte[] bytes = RuleSetCodec.encode(BundledRules.addTo(new RuleLoader()).load());
        Random random = new Random(7);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] b = bytes.clone();
            int at = random.nextInt(b.length - 4);
            b[at] = (byte) random.nextInt(256);
            withChecksum(b);
            try {
                RuleSetCodec.decode(b);
            } catch (IllegalArgumentException e) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
    }

    static void withChecksum(byte[] b) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        int v = (int) crc.getValue();
        b[b.length - 4] = (byte) (v >>> 24);
        b[b.length - 3] = (byte) (v >>> 16);
        b[b.length - 2] = (byte) (v >>> 8);
        b[b.length - 1] = (byte) v;
    }

    /** A chain of nots nested past any real condition is refused, not a stack overflow. */
    @Test
    void aChainNestedTooDeepIsRefused() throws Exception {
        RuleSet set = new RuleLoader().add("a.yaml", """
                - rule: r
                  desc: d
                  condition: evt.type = open and fd.name = x
                  output: o
                  priority: WARNING
                """).load();
        dev.talon.filter.Expr deep = set.rules().getFirst().condition();
        for (int i = 0; i < RuleSetCodec.MAX_DEPTH + 5; i++) deep = new dev.talon.filter.Expr.Not(deep, deep.pos());
        CompiledRule r = set.rules().getFirst();
        CompiledRule nested = new CompiledRule(r.index(), r.name(), r.description(), deep, r.compiledCondition(), r.output(),
                r.priority(), r.tags(), r.source(), r.enabled(), r.exceptions(), r.eventTypes(), r.warnEvttypes(),
                r.skipIfUnknownFilter(), r.capture(), r.captureDuration(), r.file(), r.line());
        RuleSet tooDeep = new RuleSet(List.of(nested), set.lists(), set.messages(), set.rulesPerFile());
        byte[] bytes = RuleSetCodec.encode(tooDeep);
        assertThatThrownBy(() -> RuleSetCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested too deep");
    }
}
