package dev.talon.rules;

import dev.talon.filter.FieldCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutputPartsTest {
    static List<String> render(String format) {
        return OutputParts.split(format, FieldCatalog.standard()).stream()
                .map(p -> p.isField() ? "{" + p.field() + (p.width() > 0 ? "/" + p.width() : "") + "}" : p.text()).toList();
    }

    @Test
    void fieldsEndWhereTheLongestKnownFieldEnds() {
        assertThat(render("An open was seen (command=%proc.cmdline)"))
                .containsExactly("An open was seen (command=", "{proc.cmdline}", ")");
        assertThat(render("gp=%proc.aname[2] f=%evt.arg.flags t=%tolower(proc.name) %12proc.name."))
                .containsExactly("gp=", "{proc.aname[2]}", " f=", "{evt.arg.flags}", " t=", "{tolower(proc.name)}", " ",
                        "{proc.name/12}", ".");
        // a % that starts no field stays text
        assertThat(render("100% sure %nofield")).containsExactly("100% sure %nofield");
    }
}
