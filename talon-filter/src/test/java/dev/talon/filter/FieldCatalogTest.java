package dev.talon.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FieldCatalogTest {
    private final FieldCatalog catalog = FieldCatalog.standard();

    @Test
    void holdsTheWholeCatalogue() {
        assertThat(catalog.fields()).hasSize(275).hasSize(FieldCatalogData.COUNT);
        FieldInfo aname = catalog.field("proc.aname").orElseThrow();
        assertThat(aname.fieldClass()).isEqualTo("process");
        assertThat(aname.type()).isEqualTo(FieldType.CHARBUF);
        assertThat(aname.argument()).isEqualTo(ArgumentMode.OPTIONAL);
        assertThat(aname.argumentDescription()).isEqualTo("ancestor level N; none = any ancestor");
        assertThat(aname.flags()).containsExactlyInAnyOrder(FieldFlag.NO_TRANSFORMER, FieldFlag.NO_RHS_FIELD);
        assertThat(aname.label()).isEqualTo("Ancestor Name");
        assertThat(catalog.field("evt.latency.quantized").orElseThrow().flags())
                .containsExactlyInAnyOrder(FieldFlag.TABLE_ONLY, FieldFlag.DEPRECATED);
        assertThat(catalog.field("fd.types").orElseThrow().has(FieldFlag.LIST)).isTrue();
        assertThat(catalog.field("container.id").orElseThrow().source()).isEqualTo("container plugin");
        assertThat(catalog.field("nope.nope")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "proc.aname, 2, proc.aname, 2",
            "proc.aname, null, proc.aname, null",
            "evt.arg.flags, null, evt.arg, flags",
            "evt.arg, 0, evt.arg, 0",
            "evt.rawarg.res, null, evt.rawarg, res",
            "container.label.io.kubernetes.pod.name, null, container.label, io.kubernetes.pod.name",
            "container.mount.dest, /var/run/docker.sock, container.mount.dest, /var/run/docker.sock",
            "fd.sip.name, null, fd.sip.name, null",
            "k8s.pod.label.app, null, k8s.pod.label, app"})
    void resolvesLongestPrefix(String name, String arg, String field, String argument) {
        ResolvedField r = catalog.resolve(name, arg).orElseThrow();
        assertThat(r.field().name()).isEqualTo(field);
        assertThat(r.argument()).isEqualTo(argument);
    }

    @Test
    void unresolvable() {
        assertThat(catalog.resolve("proc.name.x", null)).as("proc.name takes no argument").isEmpty();
        assertThat(catalog.resolve("evt.arg.flags", "x")).as("dotted and bracket argument together").isEmpty();
        assertThat(catalog.resolve("reload.sh", null)).isEmpty();
    }

    /** Re-runs the checked-in generator on shared/spec/fields.tsv; the output must match the checked-in class. */
    @Test
    void generatedClassIsUpToDate() throws IOException, InterruptedException {
        Path tsv = SharedRules.sharedDir().resolve("spec/fields.tsv");
        Path module = moduleDir();
        Path out = Files.createTempFile("FieldCatalogData", ".java");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, module.resolve("src/gen/FieldCatalogGenerator.java").toString(),
                    tsv.toString(), out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(Files.readString(out))
                    .as("regenerate with: java talon-filter/src/gen/FieldCatalogGenerator.java ../shared/spec/fields.tsv "
                            + "talon-filter/src/main/java/dev/talon/filter/FieldCatalogData.java")
                    .isEqualTo(Files.readString(module.resolve("src/main/java/dev/talon/filter/FieldCatalogData.java")));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void generatorRejectsMalformedRows() throws IOException, InterruptedException {
        Path tsv = Files.createTempFile("fields", ".tsv");
        Path out = Files.createTempFile("FieldCatalogData", ".java");
        try {
            Files.write(tsv, List.of("class\tfield\ttype\targument\tflags\tsource\tlabel",
                    "evt\tevt.x\tNOTATYPE\tno\t\ts\tl"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, moduleDir().resolve("src/gen/FieldCatalogGenerator.java").toString(),
                    tsv.toString(), out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(log).contains(":2: unknown type 'NOTATYPE'");
        } finally {
            Files.deleteIfExists(tsv);
            Files.deleteIfExists(out);
        }
    }

    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/gen")) ? here : here.resolve("talon-filter");
    }
}
