package dev.talon.outputs.config;

import dev.talon.outputs.Priority;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key talon.yaml may contain, with its type and default. Defaults are Falco's (falco.yaml) unless
 * noted; the bundled {@code talon.yaml} resource spells out the same values (a test keeps them equal).
 */
final class Schema {
    enum Type { BOOL, INT, PORT, RATE, STRING, STRING_LIST, PRIORITY, RULE_MATCHING, RAW }

    record Key(String path, Type type, Object defaultValue) {
    }

    static final Map<String, Key> KEYS = new LinkedHashMap<>();
    /** Old spellings Falco still accepts. */
    static final Map<String, String> ALIASES = Map.of("rules_file", "rules_files");
    /** Falco settings Talon accepts and ignores (with a warning), whole subtree. */
    static final Set<String> IGNORED = Set.of(
            "config_files", "watch_config_files", "engine", "load_plugins", "plugins", "buffer_format_base64",
            "grpc", "grpc_output", "webserver", "log_stderr", "log_syslog", "log_level", "libs_logger",
            "output_timeout", "syscall_event_timeouts", "syscall_event_drops", "base_syscalls", "falco_libs",
            "container_engines", "capture", "plugins_hostinfo", "static_fields", "syscall_buf_size_preset",
            "modern_bpf", "metrics.interval", "metrics.output_rule", "metrics.output_file",
            "metrics.rules_counters_enabled", "metrics.resource_utilization_enabled",
            "metrics.state_counters_enabled", "metrics.kernel_event_counters_enabled",
            "metrics.kernel_event_counters_per_cpu_enabled", "metrics.libbpf_stats_enabled",
            "metrics.plugins_metrics_enabled", "metrics.jemalloc_stats_enabled", "metrics.convert_memory_to_mb",
            "metrics.include_empty_values");

    static {
        key("rules_files", Type.STRING_LIST, List.of());
        key("rule_matching", Type.RULE_MATCHING, "first");
        key("append_output", Type.RAW, List.of());
        // Falco's rule enable/disable blocks ({enable|disable: {rule|tag: ...}}), read by talon detect
        key("rules", Type.RAW, List.of());
        key("priority", Type.PRIORITY, Priority.DEBUG);
        key("json_output", Type.BOOL, false);
        key("json_include_output_property", Type.BOOL, true);
        key("json_include_output_fields_property", Type.BOOL, true);
        key("json_include_tags_property", Type.BOOL, true);
        key("json_include_message_property", Type.BOOL, false);
        key("time_format_iso_8601", Type.BOOL, false);
        key("buffered_outputs", Type.BOOL, false);
        key("outputs.rate", Type.RATE, 0.0);
        key("outputs.max_burst", Type.INT, 1000L);
        key("outputs_queue.capacity", Type.INT, 0L);
        key("stdout_output.enabled", Type.BOOL, true);
        key("syslog_output.enabled", Type.BOOL, true);
        key("file_output.enabled", Type.BOOL, false);
        key("file_output.keep_alive", Type.BOOL, false);
        key("file_output.filename", Type.STRING, "./events.txt");
        key("program_output.enabled", Type.BOOL, false);
        key("program_output.keep_alive", Type.BOOL, false);
        key("program_output.program", Type.STRING,
                "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX");
        key("http_output.enabled", Type.BOOL, false);
        key("http_output.url", Type.STRING, "");
        key("http_output.user_agent", Type.STRING, "talon"); // Falco: falcosecurity/falco
        key("http_output.insecure", Type.BOOL, false);
        key("http_output.ca_cert", Type.STRING, "");
        key("http_output.ca_bundle", Type.STRING, "");
        key("http_output.ca_path", Type.STRING, "/etc/falco/certs/");
        key("http_output.mtls", Type.BOOL, false);
        key("http_output.client_cert", Type.STRING, "/etc/falco/certs/client/client.crt");
        key("http_output.client_key", Type.STRING, "/etc/falco/certs/client/client.key");
        key("http_output.compress_uploads", Type.BOOL, false);
        key("http_output.keep_alive", Type.BOOL, false);
        key("http_output.echo", Type.BOOL, false);
        // Talon additions: libcurl's defaults would wait for minutes on a dead webhook
        key("http_output.connect_timeout_ms", Type.INT, 5000L);
        key("http_output.timeout_ms", Type.INT, 10000L);
        key("metrics.enabled", Type.BOOL, false);
        key("metrics.listen_address", Type.STRING, "127.0.0.1");
        key("metrics.listen_port", Type.PORT, 8765L);
    }

    private static void key(String path, Type type, Object def) {
        KEYS.put(path, new Key(path, type, def));
    }

    /** True if {@code path} names a group of keys (a YAML mapping), e.g. {@code http_output}. */
    static boolean isGroup(String path) {
        if (path.isEmpty()) {
            return true;
        }
        String prefix = path + ".";
        for (String k : KEYS.keySet()) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isIgnored(String path) {
        return IGNORED.contains(path);
    }

    private Schema() {
    }
}
