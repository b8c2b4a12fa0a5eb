package dev.talon.inspect.filter;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.filter.Expr;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterPrinter;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.SharedFiles;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleSet;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A condition's part on the key fields is implied by the condition, and the table of recent values answers as
 * evaluating those parts would: on every event of the shared fixtures for every Falco rule, and on failed opens,
 * whose fd.name is a reused buffer rather than a kept string.
 */
class CandidateFilterTest {
    private static final Set<String> PATHS = Set.of("fd.name", "fd.directory", "fd.filename");

    private static String implied(String condition) throws Exception {
        Expr e = FilterCompiler.implied(FilterParser.parse(condition), PATHS);
        return e == null ? null : FilterPrinter.print(e);
    }

    @Test
    void thePartOnTheKeyFieldsIsWhatTheConditionImplies() throws Exception {
        assertThat(implied("evt.type=open and fd.name startswith /etc and proc.name=cat"))
                .isEqualTo("fd.name startswith /etc");
        assertThat(implied("fd.name in (/a, /b) or fd.directory = /c")).isEqualTo("(fd.name in (/a, /b) or fd.directory = /c)");
        // an or with an operand on other fields can be true whatever the path: no part
        assertThat(implied("fd.name = /a or proc.name = cat")).isNull();
        assertThat(implied("(fd.name = /a or proc.name = cat) and fd.filename exists")).isEqualTo("fd.filename exists");
        // a negation gives nothing: "not fd.name = /a" holds for every other path
        assertThat(implied("not fd.name = /a and evt.type = open")).isNull();
        assertThat(implied("evt.type = open and (fd.name = /a or (fd.name contains x and proc.name = y))"))
                .isEqualTo("(fd.name = /a or fd.name contains x)");
        // checks against another field, fields with an argument, transformers: not parts
        assertThat(implied("fd.name = val(proc.exepath)")).isNull();
        assertThat(implied("tolower(fd.name) = /a")).isNull();
        assertThat(implied("proc.aname[2] = x and fd.name = /b")).isEqualTo("fd.name = /b");
    }

    /** Every bound rule of the three files, in filters of at most 64 conditions, on every event of the fixtures. */
    @Test
    void noRuleMatchesOutsideItsCandidatesAndTheTableAnswersAsEvaluating() throws Exception {
        RuleSet rules = SharedFiles.allRules();
        long matches = 0, skipped = 0, withPart = 0;
        List<String> problems = new ArrayList<>();
        for (Path fixture : SharedFiles.captures()) {
            StateTracker state = new StateTracker();
            Inspector inspector = new Inspector(state, new Inspector.Options(null, false, 0, null, false, false, null, true));
            FilterCompiler compiler = FilterCompiler.sharing(inspector.context());
            List<List<EventPredicate>> conditions = new ArrayList<>();
            List<List<String>> names = new ArrayList<>();
            List<CandidateFilter> filters = new ArrayList<>();
            List<Expr> chunk = new ArrayList<>();
            for (CompiledRule r : rules.rules()) {
                EventPredicate p;
                try {
                    p = compiler.compileTree(r.condition());
                } catch (FilterCompileException ex) {
                    continue; // fields a capture cannot give (k8s...): not bound by talon detect either
                }
                if (chunk.isEmpty()) {
                    conditions.add(new ArrayList<>());
                    names.add(new ArrayList<>());
                }
                conditions.getLast().add(p);
                names.getLast().add(r.name());
                chunk.add(r.condition());
                if (compiler.compileImplied(r.condition(), PATHS) != null) withPart++;
                if (chunk.size() == 64) {
                    filters.add(CandidateFilter.of(compiler, chunk, PATHS));
                    chunk = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty()) filters.add(CandidateFilter.of(compiler, chunk, PATHS));
            long[] counts = new long[2];
            try (Source src = ScapReader.open(fixture, new CaptureMetadata(state))) {
                inspector.run(src, OutputStream.nullOutputStream(), (EventView e) -> {
                    for (int c = 0; c < filters.size(); c++) {
                        long mask = filters.get(c).candidates(e);
                        long evaluated = filters.get(c).evaluate(e);
                        if (mask != evaluated && problems.size() < 20) {
                            problems.add(fixture.getFileName() + " #" + inspector.context().number() + ": table "
                                    + Long.toHexString(mask) + ", evaluated " + Long.toHexString(evaluated));
                        }
                        List<EventPredicate> ps = conditions.get(c);
                        for (int i = 0; i < ps.size(); i++) {
                            boolean candidate = (mask & (1L << i)) != 0;
                            if (!candidate) counts[1]++;
                            if (ps.get(i).test(e)) {
                                counts[0]++;
                                if (!candidate && problems.size() < 20) {
                                    problems.add(fixture.getFileName() + " #" + inspector.context().number() + ": "
                                            + names.get(c).get(i) + " matches but is not a candidate");
                                }
                            }
                        }
                    }
                });
            }
            matches += counts[0];
            skipped += counts[1];
        }
        assertThat(problems).isEmpty();
        // not vacuous: rules match, many have a part on the path, and the filter leaves many out
        assertThat(matches).isGreaterThan(100);
        assertThat(withPart).isGreaterThan(20);
        assertThat(skipped).isGreaterThan(100_000);
    }

    /** fd.name of a failed open comes from a buffer the field reuses: never keyed by its identity. */
    @Test
    void failedOpensOfDifferentPathsAreNotConfused() throws Exception {
        SyntheticSource.Builder b = SyntheticSource.builder()
                .thread(ThreadEntry.builder().tid(7).pid(7).ptid(1).comm("cat").exe("cat").exepath("/bin/cat")
                        .args(List.of()).cwd("/").fdlimit(1024).build());
        String[] paths = {"/tmp/x", "/etc/shadow", "/tmp/y", "/etc/shadow", "/etc/shadow", "/tmp/x"};
        long ts = 1000;
        for (String p : paths) {
            b.event(EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, 7, -2L, -100L, p, 0L, 0L, 0L, 0L); // ENOENT
            b.event(EventTypes.PPME_SYSCALL_OPENAT_2_X, ts++, 7, 3L, -100L, p, 0L, 0L, 0L, 0L);
            b.event(EventTypes.PPME_SYSCALL_CLOSE_X, ts++, 7, 0L, 3L);
        }
        StateTracker state = new StateTracker();
        Inspector inspector = new Inspector(state, new Inspector.Options(null, false, 0, null, false, false, null, true));
        FilterCompiler compiler = FilterCompiler.sharing(inspector.context());
        EventPredicate shadow = compiler.compileTree(FilterParser.parse("evt.type=openat and fd.name=/etc/shadow"));
        CandidateFilter filter = CandidateFilter.of(compiler,
                List.of(FilterParser.parse("evt.type=openat and fd.name=/etc/shadow")), PATHS);
        List<Boolean> candidates = new ArrayList<>();
        List<Boolean> matched = new ArrayList<>();
        try (Source src = b.build()) {
            inspector.run(src, OutputStream.nullOutputStream(), (EventView e) -> {
                if (e.type() != EventTypes.PPME_SYSCALL_OPENAT_2_X) return;
                candidates.add((filter.candidates(e) & 1) != 0);
                matched.add(shadow.test(e));
            });
        }
        // the failed and the successful open of each path, in order
        List<Boolean> expected = new ArrayList<>();
        for (String p : paths) {
            expected.add(p.equals("/etc/shadow"));
            expected.add(p.equals("/etc/shadow"));
        }
        assertThat(matched).isEqualTo(expected);
        assertThat(candidates).isEqualTo(expected);
    }
}
