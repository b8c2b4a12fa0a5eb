package dev.talon.inspect.filter;

import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.SharedFiles;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleSet;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.Attributes;
import java.lang.classfile.MethodModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated code of a condition answers exactly as the node tree it is generated from, on every event of
 * the shared fixtures: for all Falco rule files (bound by a sharing compiler, so node memos are shared
 * between rules as in {@code talon detect}) and for filters built to reach every shape the generator emits.
 */
class PredicateGeneratorTest {

    /** A condition compiled both ways on one context. */
    private record Pair(String name, EventPredicate generated, EventPredicate tree) {}

    /** Evaluates every pair on every event of the fixtures; returns the number of events where pairs held. */
    private static long compare(List<Path> fixtures, Binder binder, List<String> mismatches) throws Exception {
        long held = 0;
        for (Path fixture : fixtures) {
            StateTracker state = new StateTracker();
            Inspector inspector = new Inspector(state, new Inspector.Options(null, false, 0, null, false, false, null, true));
            List<Pair> pairs = binder.bind(inspector.context());
            long[] count = new long[1];
            try (Source src = ScapReader.open(fixture, new CaptureMetadata(state))) {
                inspector.run(src, OutputStream.nullOutputStream(), (EventView e) -> {
                    for (Pair p : pairs) {
                        boolean g = p.generated.test(e);
                        boolean t = p.tree.test(e);
                        if (g) count[0]++;
                        if (g != t && mismatches.size() < 20) {
                            mismatches.add(fixture.getFileName() + " #" + inspector.context().number() + " " + p.name
                                    + ": generated " + g + ", tree " + t);
                        }
                    }
                });
            }
            held += count[0];
        }
        return held;
    }

    private interface Binder {
        List<Pair> bind(EventContext ctx) throws Exception;
    }

    @Test
    void everyFalcoRuleAnswersTheSameGeneratedAndAsATree() throws Exception {
        RuleSet rules = SharedFiles.allRules();
        int[] bound = new int[1];
        Binder binder = ctx -> {
            FilterCompiler generated = FilterCompiler.sharing(ctx);
            FilterCompiler tree = FilterCompiler.sharing(ctx);
            List<Pair> pairs = new ArrayList<>();
            for (CompiledRule r : rules.rules()) {
                EventPredicate g;
                try {
                    g = generated.compile(r.condition());
                } catch (FilterCompileException ex) {
                    continue; // fields a capture cannot give (k8s...): not bound by talon detect either
                }
                EventPredicate t = tree.compileTree(r.condition());
                assertThat(g).as(r.name()).isNotSameAs(t);
                pairs.add(new Pair(r.name(), g, t));
            }
            bound[0] = pairs.size();
            return pairs;
        };
        List<String> mismatches = new ArrayList<>();
        long held = compare(SharedFiles.captures(), binder, mismatches);
        assertThat(mismatches).isEmpty();
        assertThat(bound[0]).as("rules bound").isGreaterThan(60);
        assertThat(held).as("rule matches over all fixtures (the comparison is not vacuous)").isGreaterThan(100);
    }

    /** Shapes: nested and/or/not, allof, list fields, val(), exists, empty lists, evt.type tables, transformers. */
    static final List<String> FILTERS = List.of(
            "evt.type=open and fd.name contains /etc",
            "not (proc.name=httpd or proc.name in (sh, bash)) and not fd.type=file",
            "(evt.dir=< and (fd.num>2 or not fd.name exists)) or (evt.type in (read, write) and evt.rawres>0)",
            "fd.types intersects (ipv4, file) and not fd.types in (file)",
            "proc.aname in (sh, systemd) or proc.aname intersects (httpd, bash) or proc.name startswith allof (h, ht)",
            "proc.aname[1] = val(proc.pname) and proc.name != val(proc.pname)",
            "fd.name in () or proc.name exists",
            "not (not (not evt.type=close))",
            "evt.type in (open, openat) or (evt.type=execve and proc.cmdline icontains FOREGROUND)",
            "tolower(proc.name) startswith http and basename(proc.exe) = httpd",
            "fd.name pmatch (/etc, /proc) or fd.name glob '/usr/*' or fd.name regex '^/var/.*'",
            "fd.sip = 127.0.0.1 or fd.net = 172.17.0.0/16 or fd.sport in (80, 443)",
            "evt.arg.flags contains O_RDONLY and evt.is_open_read=true",
            "proc.name=httpd and (fd.name contains /etc and (fd.name endswith passwd or not fd.directory in (/tmp)))");

    @Test
    void everyShapeAnswersTheSameGeneratedAndAsATree() throws Exception {
        List<String> filters = new ArrayList<>(FILTERS);
        filters.add(largeOr(600));
        filters.add(deep(120));
        for (boolean sharing : new boolean[] {false, true}) {
            Binder binder = ctx -> {
                FilterCompiler generated = sharing ? FilterCompiler.sharing(ctx) : new FilterCompiler(ctx);
                FilterCompiler tree = sharing ? FilterCompiler.sharing(ctx) : new FilterCompiler(ctx);
                List<Pair> pairs = new ArrayList<>();
                for (String f : filters) {
                    String name = f.length() > 60 ? f.substring(0, 60) + "..." : f;
                    pairs.add(new Pair(name, generated.compile(f), tree.compileTree(f)));
                }
                return pairs;
            };
            List<String> mismatches = new ArrayList<>();
            long held = compare(SharedFiles.captures().subList(0, 12), binder, mismatches);
            assertThat(mismatches).as("sharing " + sharing).isEmpty();
            assertThat(held).isGreaterThan(1000);
        }
    }

    @Test
    void aConditionTooLargeForOneMethodIsSplitUnderTheJitLimit() throws Exception {
        EventContext ctx = new Inspector(new StateTracker(), Inspector.Options.defaults()).context();
        EventPredicate tree = new FilterCompiler(ctx).compileTree(largeOr(2000));
        byte[] bytes = PredicateGenerator.classBytes(tree);
        ClassModel model = ClassFile.of().parse(bytes);
        MethodModel test = model.methods().stream().filter(m -> m.methodName().equalsString("test")).findFirst().orElseThrow();
        int length = test.findAttribute(Attributes.code()).orElseThrow().codeLength();
        assertThat(length).as("bytecode bytes of test; the JIT skips methods over 8000").isBetween(1000, 8000);
    }

    /** {@code fd.name = /x/0 or proc.name = p1 or ...}: far more checks than one method may hold. */
    static String largeOr(int n) {
        StringJoiner j = new StringJoiner(" or ");
        for (int i = 0; i < n; i++) j.add(i % 2 == 0 ? "fd.name = /x/" + i : "(proc.name = p" + i + " and fd.num > " + i + ")");
        return j + " or proc.name = httpd";
    }

    /** {@code not (a or (b and not (c or ...)))} nested n deep. */
    static String deep(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i % 2 == 0 ? "not (fd.num = " + i + " or " : "(proc.name != q" + i + " and ");
        sb.append("evt.type = close");
        sb.append(")".repeat(n));
        return sb.toString();
    }
}
