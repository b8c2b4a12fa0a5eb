package dev.talon.inspect.field;

import dev.talon.filter.FieldCatalog;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldListTest {
    @Test
    void listsEveryFieldOfTheSupportedClassesInSysdigsLayout() {
        String out = FieldList.render(FieldCatalog.standard());
        List<String> lines = Arrays.asList(out.split("\n"));
        assertThat(lines.get(0)).isEqualTo("-------------------------------");
        assertThat(lines.get(1)).isEqualTo("Field Class:                  evt ");
        assertThat(lines).anyMatch(l -> l.startsWith("proc.aname                    "));
        assertThat(lines).anyMatch(l -> l.startsWith("fd.name                       "));
        assertThat(lines).noneMatch(l -> l.startsWith("k8s."));
        assertThat(lines).allMatch(l -> l.length() <= FieldList.WIDTH);
        FieldCatalog.standard().fields().stream().filter(f -> Fields.CLASSES.contains(f.fieldClass()))
                .forEach(f -> assertThat(lines).as(f.name()).anyMatch(l -> l.startsWith(f.name() + " ") || l.equals(f.name())));
    }

    @Test
    void longNamesGetTheirOwnLineAndTextWrapsAtTheNameColumn() {
        StringBuilder sb = new StringBuilder();
        FieldList.labelled(sb, "proc.is_container_liveness_probe", "word ".repeat(40));
        String[] l = sb.toString().split("\n");
        assertThat(l[0]).isEqualTo("proc.is_container_liveness_probe");
        assertThat(l[1]).startsWith(" ".repeat(30) + "word");
        assertThat(l[2]).startsWith(" ".repeat(30) + "word");
        assertThat(l[1].length()).isLessThanOrEqualTo(120);
    }
}
