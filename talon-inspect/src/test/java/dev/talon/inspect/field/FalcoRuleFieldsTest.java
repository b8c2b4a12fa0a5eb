package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.Expr;
import dev.talon.filter.Operand;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.SharedFiles;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleLoader;
import dev.talon.rules.RuleSet;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field the Falco stable rules use (in conditions after macro/list expansion and in outputs) yields a
 * non-empty value on some event of the shared fixtures (issue 3's "done when").
 */
class FalcoRuleFieldsTest {

    /** Fields as written ({@code proc.aname[2]}) in the rules' expanded conditions and output formats. */
    static Set<String> ruleFields(RuleSet rules) {
        Set<String> out = new TreeSet<>();
        for (CompiledRule r : rules.rules()) {
            expr(r.condition(), out);
            Matcher m = OUTPUT_FIELD.matcher(r.output());
            while (m.find()) {
                String f = m.group(1);
                while (f.endsWith(".")) f = f.substring(0, f.length() - 1);
                out.add(f);
            }
        }
        return out;
    }

    private static final Pattern OUTPUT_FIELD = Pattern.compile("%\\d*([A-Za-z_][A-Za-z0-9_.]*(\\[[^\\]]*\\])?)");

    private static void expr(Expr e, Set<String> out) {
        switch (e) {
            case Expr.And a -> a.children().forEach(c -> expr(c, out));
            case Expr.Or o -> o.children().forEach(c -> expr(c, out));
            case Expr.Not n -> expr(n.child(), out);
            case Expr.UnaryCheck u -> operand(u.lhs(), out);
            case Expr.BinaryCheck b -> {
                operand(b.lhs(), out);
                operand(b.rhs(), out);
            }
            case Expr.MacroRef m -> throw new AssertionError("unexpanded macro " + m.name());
        }
    }

    private static void operand(Operand o, Set<String> out) {
        switch (o) {
            case Operand.FieldRef f -> out.add(f.argument() == null ? f.name() : f.name() + "[" + f.argument() + "]");
            case Operand.Transform t -> t.args().forEach(a -> operand(a, out));
            case Operand.Val v -> operand(v.field(), out);
            default -> { }
        }
    }

    static boolean nonEmpty(Field f) {
        return switch (f.kind()) {
            case TEXT -> f.count() > 0 && f.text(0) != null && f.text(0).length() > 0;
            case IP -> f.ipLength() > 0;
            default -> true;
        };
    }

    @Test
    void everyStableRuleFieldHasAValueOnAFixture() throws Exception {
        Path shared = SharedFiles.dir();
        RuleSet rules = new RuleLoader().addFile(shared.resolve("rules/falco_rules.yaml")).load();
        Set<String> fields = ruleFields(rules);
        assertThat(fields).contains("fd.name", "proc.name", "proc.cmdline", "evt.type");

        Map<String, String> proven = new TreeMap<>();
        Map<String, String> unresolved = new TreeMap<>();
        List<Path> fixtures = SharedFiles.captures();
        for (Path fixture : fixtures) {
            StateTracker state = new StateTracker();
            Inspector inspector = new Inspector(state, new Inspector.Options(null, false, 0, null, false, false, null, true));
            EventContext ctx = inspector.context();
            Map<String, Field> open = new LinkedHashMap<>();
            for (String name : fields) {
                if (proven.containsKey(name) || unresolved.containsKey(name)) continue;
                try {
                    open.put(name, Fields.resolve(name, ctx));
                } catch (UnknownFieldException ex) {
                    unresolved.put(name, ex.getMessage());
                }
            }
            if (open.isEmpty()) break;
            List<String> done = new ArrayList<>();
            try (Source src = ScapReader.open(fixture, new CaptureMetadata(state))) {
                inspector.run(src, OutputStream.nullOutputStream(), (EventView e) -> {
                    for (Map.Entry<String, Field> en : open.entrySet()) {
                        Field f = en.getValue();
                        if (f.eval(e) && nonEmpty(f)) {
                            StringBuilder sb = new StringBuilder();
                            f.append(sb);
                            proven.put(en.getKey(), fixture.getFileName() + " #" + ctx.number() + ": " + sb);
                            done.add(en.getKey());
                        }
                    }
                    done.forEach(open::remove);
                    done.clear();
                });
            }
        }
        Set<String> missing = new TreeSet<>(fields);
        missing.removeAll(proven.keySet());
        missing.removeAll(unresolved.keySet());
        assertThat(unresolved.keySet()).as("fields Talon cannot bind (%s)", unresolved).isEqualTo(NOT_SUPPORTED.keySet());
        assertThat(missing).as("fields without a value on any fixture; proven on: %s", proven)
                .isEqualTo(SYNTHETIC.keySet());
        Map<String, String> synthetic = synthetic(missing);
        assertThat(synthetic.keySet()).as("synthetic events give a value to each of them").isEqualTo(
                new TreeSet<>(SYNTHETIC.keySet()).stream().filter(f -> !NO_VALUE_IN_TALON.containsKey(f))
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        System.out.println("stable rule fields: " + fields.size() + ", on fixtures " + proven.size()
                + ", on synthetic events " + synthetic + ", without a value in Talon " + NO_VALUE_IN_TALON.keySet()
                + ", not bindable " + unresolved.keySet());
    }

    /** Rule fields whose class Talon does not implement, with the reason (the rule using it is not bound). */
    static final Map<String, String> NOT_SUPPORTED = Map.of(
            "k8s.ns.name", "Kubernetes metadata comes from the container plugin's k8s enrichment, not from syscalls");

    /** Rule fields no fixture gives a value to, with the reason; proven on synthetic events below. */
    static final Map<String, String> SYNTHETIC = Map.of(
            "container.start_ts", "the fixtures' container events carry no created_time",
            "proc.exe_ino.ctime_duration_proc_start", "no fixture has both a clone and an execve with exe_ino_ctime"
                    + " for the same process (2023 captures start after their processes were created)",
            "fd.sip.name", "reverse DNS of endpoints needs libsinsp's live DNS resolver");

    /**
     * Of those, the fields that have no value in Talon at all: a check on them is false and an output prints
     * {@code <NA>}, as in Falco before its resolver has a name for the address.
     */
    static final Map<String, String> NO_VALUE_IN_TALON = Map.of(
            "fd.sip.name", "Talon has no DNS resolver and a capture carries no name lookups (used by one macro,"
                    + " fd.sip.name=\"kubernetes.default.svc.cluster.local\")");

    /**
     * A container event (with created_time), a process cloned into that container, then its execve with the
     * executable's inode ctime: the fields the fixtures cannot show get their values here.
     */
    private static Map<String, String> synthetic(Set<String> names) throws Exception {
        String id = "3ad7b26ded6d";
        byte[] cg = ("cpuset=/docker/" + id + "0123456789abcdef0123456789abcdef0123456789abcdef0123\0")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long ts = 1_700_000_100_000_000_000L;
        var b = dev.talon.scap.synthetic.SyntheticSource.builder();
        b.event(dev.talon.event.EventTypes.PPME_CONTAINER_JSON_2_E, ts, 1L, "{\"container\":{\"id\":\"" + id
                + "\",\"type\":0,\"name\":\"web\",\"image\":\"nginx\",\"created_time\":1700000000}}");
        b.event(dev.talon.event.EventTypes.PPME_SYSCALL_CLONE_20_X, ts + 1, 100L, 0L, "/bin/sh", "", 100L, 100L, 1L, "/",
                1024L, 0L, 0L, 0, 0, 0, "sh", cg, 0x01200011);
        b.event(dev.talon.event.EventTypes.PPME_SYSCALL_EXECVE_19_X, ts + 2, 100L, 0L, "/usr/bin/id", "", 100L, 100L, 1L,
                "/", 1024L, 0L, 0L, 0, 0, 0, "id", cg, "", 0, 100L, -1, 0, 0L, 0L, 0L, 4242L,
                1_600_000_000_000_000_000L, 1_600_000_000_000_000_000L);
        StateTracker state = new StateTracker();
        Inspector inspector = new Inspector(state, new Inspector.Options(null, false, 0, null, false, false, null, true));
        EventContext ctx = inspector.context();
        Map<String, Field> open = new LinkedHashMap<>();
        for (String n : names) open.put(n, Fields.resolve(n, ctx));
        Map<String, String> out = new TreeMap<>();
        try (Source src = b.build()) {
            inspector.run(src, OutputStream.nullOutputStream(), e -> open.forEach((n, f) -> {
                if (!out.containsKey(n) && f.eval(e) && nonEmpty(f)) {
                    StringBuilder sb = new StringBuilder();
                    f.append(sb);
                    out.put(n, sb.toString());
                }
            }));
        }
        return out;
    }
}
