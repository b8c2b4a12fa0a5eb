package dev.talon.rules;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomly edited rules files (characters deleted, inserted, lines swapped) either load or fail
 * with a RuleLoadException that has located errors: the loader never throws anything else.
 * (Complements the coverage-guided RuleLoaderFuzzTest with structure-aware edits of a real rules file.)
 */
class RuleLoaderRobustnessTest {
    static final String SAMPLE = RuleLoaderTest.BASE + """
            - rule: shell
              condition: and proc.pname != init
              override:
                condition: append
            - list: shell_binaries
              items: [zsh]
              append: true
            - rule: r
              desc: d
              condition: evt.type in (open, acct) and not fd.name startswith oneof (/a, /b)
              output: o %fd.name %proc.aname[2] %evt.arg.flags
              priority: notice
              exceptions:
                - name: e
                  fields: [proc.name, fd.directory]
                  comps: [=, in]
                  values:
                    - [apk, /usr/lib/alpine]
                    - [npm, [/usr/node/bin, "/usr/local bin"]]
                - name: s
                  fields: proc.name
                  values: [a, b]
            - required_engine_version: 0.57.0
            """;

    record Edit(int kind, int at, String text) {
    }

    @net.jqwik.api.Example
    void sampleLoadsUnedited() throws RuleLoadException {
        RuleSet s = new RuleLoader().add("x.yaml", SAMPLE).load();
        assertThat(s.rules()).hasSize(2);
    }

    @Property(tries = 400)
    void editedFilesLoadOrFailCleanly(@ForAll("edits") List<Edit> edits) {
        StringBuilder sb = new StringBuilder(SAMPLE);
        for (Edit e : edits) {
            int at = Math.floorMod(e.at(), sb.length() + 1);
            switch (e.kind()) {
                case 0 -> sb.insert(at, e.text());
                case 1 -> sb.delete(at, Math.min(sb.length(), at + e.text().length()));
                default -> {
                    String[] lines = sb.toString().split("\n", -1);
                    int a = Math.floorMod(e.at(), lines.length);
                    int b = Math.floorMod(e.at() * 31 + 7, lines.length);
                    String t = lines[a];
                    lines[a] = lines[b];
                    lines[b] = t;
                    sb = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        try {
            new RuleLoader().add("x.yaml", sb.toString()).load();
        } catch (RuleLoadException ex) {
            assertThat(ex.errors()).isNotEmpty().allSatisfy(m -> assertThat(m.code()).startsWith("LOAD_ERR_"));
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> text = Arbitraries.of("-", ":", " ", "\n", "[", "]", "{", "}", "'", "\"", "x", "- rule: r\n",
                "override:\n", "  ", "append", "not ", "(", ")", "proc.name", "%", "*a", "&a ", "~", "0.99.0", "  - ");
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 5000), text).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }
}
