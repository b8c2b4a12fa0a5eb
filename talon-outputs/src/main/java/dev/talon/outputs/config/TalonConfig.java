package dev.talon.outputs.config;

import dev.talon.outputs.FormatOptions;
import dev.talon.outputs.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Talon's configuration ({@code talon.yaml}), immutable. Key names and defaults are Falco's; see the
 * bundled {@link #defaultYaml() default file} for every key with a comment.
 *
 * <pre>{@code
 * TalonConfig c = TalonConfig.load(Path.of("/etc/talon/talon.yaml"), List.of("json_output=true"));
 * }</pre>
 */
public final class TalonConfig {
    /** {@code stdout_output}. */
    public record StdoutOutput(boolean enabled) {
    }

    /** {@code syslog_output}. */
    public record SyslogOutput(boolean enabled) {
    }

    /** {@code file_output}: append lines to {@code filename}; reopened per alert unless {@code keep_alive}. */
    public record FileOutput(boolean enabled, String filename, boolean keepAlive) {
    }

    /** {@code program_output}: pipe lines to {@code sh -c program}; one process per alert unless {@code keep_alive}. */
    public record ProgramOutput(boolean enabled, String program, boolean keepAlive) {
    }

    /**
     * {@code http_output}: POST each alert to {@code url}. {@code connectTimeout} and {@code timeout} are
     * Talon additions ({@code connect_timeout_ms}, {@code timeout_ms}).
     */
    public record HttpOutput(boolean enabled, String url, String userAgent, boolean insecure, String caCert,
                             String caBundle, String caPath, boolean mtls, String clientCert, String clientKey,
                             boolean compressUploads, boolean keepAlive, boolean echo, Duration connectTimeout,
                             Duration timeout) {
    }

    /** {@code outputs.rate} (alerts per second, 0 = unlimited) and {@code outputs.max_burst}. */
    public record OutputsRate(double rate, long maxBurst) {
        public boolean limited() {
            return rate > 0;
        }
    }

    /** {@code metrics}: the Prometheus endpoint. */
    public record Metrics(boolean enabled, String listenAddress, int listenPort) {
    }

    private final Map<String, Object> values;
    private final List<String> warnings;

    private TalonConfig(ConfigReader reader) {
        this.values = Map.copyOf(reader.values.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        this.warnings = List.copyOf(reader.warnings);
    }

    /** Falco's defaults. */
    public static TalonConfig defaults() {
        return new TalonConfig(new ConfigReader());
    }

    /** Reads {@code file} and applies {@code overrides} ({@code -o} arguments, in order) on top. */
    public static TalonConfig load(Path file, List<String> overrides) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "cannot read configuration file: " + e.getMessage());
        }
        return parse(text, file.toString(), overrides);
    }

    /**
     * Parses configuration text.
     *
     * @param source name used in error messages (usually the file name)
     */
    public static TalonConfig parse(String yaml, String source, List<String> overrides) throws ConfigException {
        ConfigReader r = new ConfigReader();
        r.applyDocument(yaml, source);
        for (String o : overrides) {
            r.applyOverride(o);
        }
        validate(r);
        return new TalonConfig(r);
    }

    /** The defaults with only {@code overrides} applied (no file). */
    public static TalonConfig withOverrides(List<String> overrides) throws ConfigException {
        return parse("", "talon.yaml", overrides);
    }

    /** Text of the bundled default talon.yaml. */
    public static String defaultYaml() {
        try (InputStream in = TalonConfig.class.getResourceAsStream("/dev/talon/outputs/talon.yaml")) {
            if (in == null) {
                throw new IllegalStateException("bundled talon.yaml resource is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(ConfigReader r) throws ConfigException {
        if ((Boolean) r.values.get("http_output.enabled")) {
            String url = (String) r.values.get("http_output.url");
            ConfigReader.Origin o = origin(r, "http_output.url", "http_output.enabled");
            try {
                URI u = new URI(url);
                if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                        || u.getHost() == null) {
                    throw o.error("http_output.url must be an http:// or https:// URL, found '" + url + "'");
                }
            } catch (URISyntaxException e) {
                throw o.error("http_output.url is not a valid URL: " + e.getMessage());
            }
        }
        requireNonEmpty(r, "file_output.enabled", "file_output.filename");
        requireNonEmpty(r, "program_output.enabled", "program_output.program");
        requireNonEmpty(r, "metrics.enabled", "metrics.listen_address");
    }

    private static void requireNonEmpty(ConfigReader r, String enabledKey, String key) throws ConfigException {
        if ((Boolean) r.values.get(enabledKey) && ((String) r.values.get(key)).isBlank()) {
            throw origin(r, key, enabledKey).error(key + " must not be empty when " + enabledKey + " is true");
        }
    }

    private static ConfigReader.Origin origin(ConfigReader r, String key, String fallback) {
        ConfigReader.Origin o = r.origins.get(key);
        if (o == null) {
            o = r.origins.get(fallback);
        }
        return o != null ? o : new ConfigReader.Origin("talon.yaml", 0, 0);
    }

    /** Problems that did not stop loading (ignored Falco settings), each with its location. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The value of a dotted key ({@code http_output.url}): Boolean, Long, Double, String, List, Priority,
     * or the raw YAML structure for {@code append_output} and {@code rules}. For keys other modules own, like
     * {@code rules_files}, {@code rule_matching} and {@code rules}.
     *
     * @throws IllegalArgumentException if the key is not a talon.yaml key
     */
    public Object value(String key) {
        if (!Schema.KEYS.containsKey(key)) {
            throw new IllegalArgumentException("unknown configuration key '" + key + "'");
        }
        return values.get(key);
    }

    private boolean bool(String k) {
        return (Boolean) values.get(k);
    }

    private String string(String k) {
        return (String) values.get(k);
    }

    private long number(String k) {
        return (Long) values.get(k);
    }

    public StdoutOutput stdoutOutput() {
        return new StdoutOutput(bool("stdout_output.enabled"));
    }

    public SyslogOutput syslogOutput() {
        return new SyslogOutput(bool("syslog_output.enabled"));
    }

    public FileOutput fileOutput() {
        return new FileOutput(bool("file_output.enabled"), string("file_output.filename"), bool("file_output.keep_alive"));
    }

    public ProgramOutput programOutput() {
        return new ProgramOutput(bool("program_output.enabled"), string("program_output.program"),
                bool("program_output.keep_alive"));
    }

    public HttpOutput httpOutput() {
        return new HttpOutput(bool("http_output.enabled"), string("http_output.url"), string("http_output.user_agent"),
                bool("http_output.insecure"), string("http_output.ca_cert"), string("http_output.ca_bundle"),
                string("http_output.ca_path"), bool("http_output.mtls"), string("http_output.client_cert"),
                string("http_output.client_key"), bool("http_output.compress_uploads"), bool("http_output.keep_alive"),
                bool("http_output.echo"), Duration.ofMillis(number("http_output.connect_timeout_ms")),
                Duration.ofMillis(number("http_output.timeout_ms")));
    }

    public OutputsRate outputsRate() {
        return new OutputsRate((Double) values.get("outputs.rate"), number("outputs.max_burst"));
    }

    /** {@code outputs_queue.capacity}: per-channel queue bound; 0 (Falco's "unbounded") means Talon's default. */
    public int outputsQueueCapacity() {
        return (int) number("outputs_queue.capacity");
    }

    public Metrics metrics() {
        return new Metrics(bool("metrics.enabled"), string("metrics.listen_address"), (int) number("metrics.listen_port"));
    }

    /** {@code priority}: alerts less severe than this are not output. */
    public Priority minimumPriority() {
        return (Priority) values.get("priority");
    }

    public boolean bufferedOutputs() {
        return bool("buffered_outputs");
    }

    public boolean jsonOutput() {
        return bool("json_output");
    }

    public boolean timeFormatIso8601() {
        return bool("time_format_iso_8601");
    }

    /** {@code rules_files} (alias {@code rules_file}). */
    @SuppressWarnings("unchecked")
    public List<String> rulesFiles() {
        return (List<String>) values.get("rules_files");
    }

    /** {@code rule_matching}: {@code first} or {@code all}. */
    public String ruleMatching() {
        return string("rule_matching");
    }

    /** The json_* and time_format_iso_8601 settings as formatter options (local zone for text times). */
    public FormatOptions formatOptions() {
        return new FormatOptions(bool("json_output"), bool("json_include_output_property"),
                bool("json_include_output_fields_property"), bool("json_include_tags_property"),
                bool("json_include_message_property"), bool("time_format_iso_8601"), ZoneId.systemDefault());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TalonConfig c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return "TalonConfig" + new java.util.TreeMap<>(values);
    }
}
