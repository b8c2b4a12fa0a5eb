package dev.talon.outputs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Alerts for tests. */
final class TestAlerts {
    private TestAlerts() {
    }

    static Alert alert(int n) {
        return alert(n, Priority.WARNING);
    }

    static Alert alert(int n, Priority p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.name", "cat");
        fields.put("evt.num", (long) n);
        return new Alert(AlertFormatterTest.T + n, "rule " + (n % 3), p, "alert number " + n, fields,
                "syscall", new TreeSet<>(List.of("test")), "host");
    }
}
