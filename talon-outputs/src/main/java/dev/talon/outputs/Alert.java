package dev.talon.outputs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One alert raised by a rule: what Falco hands to its outputs. Immutable; the collections are
 * defensive copies.
 *
 * @param timeNanos    event timestamp, nanoseconds since the Unix epoch
 * @param rule         rule name
 * @param priority     rule priority
 * @param message      the rendered rule output, without the time/priority prefix
 * @param outputFields field name as written in the format ({@code proc.cmdline}, {@code proc.aname[2]})
 *                     to its typed value: {@link Long}, {@link Double}, {@link String}, {@link Boolean}
 *                     or {@code null} for a missing value; iteration order is preserved (other integral
 *                     boxes are widened to Long)
 * @param source       event source, {@code syscall} for system calls
 * @param tags         the rule's tags (sorted)
 * @param hostname     host the event was seen on, see {@link #localHostname()}
 */
public record Alert(long timeNanos, String rule, Priority priority, String message,
                    Map<String, Object> outputFields, String source, SortedSet<String> tags, String hostname) {

    /** The source of system-call alerts. */
    public static final String SYSCALL = "syscall";

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(hostname, "hostname");
        outputFields = copyFields(outputFields == null ? Map.of() : outputFields);
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags == null ? Collections.emptySet() : tags));
    }

    /** An alert from the {@code syscall} source on this host. */
    public static Alert of(long timeNanos, String rule, Priority priority, String message,
                           Map<String, Object> outputFields, Collection<String> tags) {
        return new Alert(timeNanos, rule, priority, message, outputFields, SYSCALL,
                tags == null ? null : new TreeSet<>(tags), localHostname());
    }

    private static Map<String, Object> copyFields(Map<String, Object> fields) {
        LinkedHashMap<String, Object> copy = LinkedHashMap.newLinkedHashMap(fields.size());
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "output field name");
            Object v = e.getValue();
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                v = ((Number) v).longValue();
            } else if (v instanceof Float f) {
                v = f.doubleValue();
            } else if (!(v == null || v instanceof Long || v instanceof Double || v instanceof String
                    || v instanceof Boolean)) {
                throw new IllegalArgumentException("output field '" + name + "' has unsupported type "
                        + v.getClass().getName() + " (expected Long, Double, String, Boolean or null)");
            }
            copy.put(name, v);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static volatile String localHostname;

    /**
     * The hostname Falco reports: {@code FALCO_HOSTNAME} from the environment if set, else the kernel's
     * host name ({@code gethostname}). Resolved once.
     */
    public static String localHostname() {
        String h = localHostname;
        if (h == null) {
            h = resolveHostname(System.getenv("FALCO_HOSTNAME"));
            localHostname = h;
        }
        return h;
    }

    static String resolveHostname(String fromEnv) {
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        // /proc/sys/kernel/hostname is what gethostname(2) returns, without a DNS lookup.
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux or /proc not mounted: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
