package dev.talon.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.function.Consumer;

/**
 * A command's picocli spec declared in code, each option delivered to the command through a setter.
 *
 * <p>Why not picocli's annotations: reading them cost every run about 100 ms of start-up (reflection over
 * the command classes and a dynamic proxy class per annotation type, which the JVM's AOT cache does not
 * keep), against under 10 ms for the same specs built here; that was a tenth of reading a million-event
 * capture. picocli still parses, converts and checks the values and prints the usage.
 *
 * <p>A setter only sees values the command line gives (or a declared default): picocli's "initial value"
 * of an option declared this way is null, which leaves the command's field as it was initialised.
 */
final class CommandOptions {
    private final CommandSpec spec;

    CommandOptions(Object command, String name, String description) {
        spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
    }

    CommandSpec spec() {
        return spec;
    }

    /** {@code -h, --help}. */
    CommandOptions help() {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        return this;
    }

    /** {@code -V, --version}, printing {@code version}. */
    CommandOptions version(String version) {
        spec.version(version);
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return this;
    }

    /** An option without a value, {@code names} comma-separated; {@code set} runs when it is given. */
    CommandOptions flag(String names, String description, Runnable set) {
        spec.addOption(flagSpec(names, description, set));
        return this;
    }

    /** Flags of which at most one may be given (picocli names the clash). */
    CommandOptions exclusive(OptionSpec... flags) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(true).multiplicity("0..1");
        for (OptionSpec f : flags) group.addArg(f);
        spec.addArgGroup(group.build());
        return this;
    }

    OptionSpec flagSpec(String names, String description, Runnable set) {
        OptionSpec.Builder b = OptionSpec.builder(names.split(",")).type(boolean.class).description(description);
        return bound(b, (Boolean v) -> {
            if (v) set.run();
        }).build();
    }

    /** An option with one value of {@code type} (converted by picocli), shown as {@code -x=LABEL}. */
    <T> CommandOptions option(String names, Class<T> type, String label, String description, Consumer<T> set) {
        return option(names, type, label, null, description, set);
    }

    /** The same with a default, which the description may show as {@code ${DEFAULT-VALUE}}. */
    <T> CommandOptions option(String names, Class<T> type, String label, String defaultValue, String description,
            Consumer<T> set) {
        OptionSpec.Builder b = OptionSpec.builder(names.split(",")).type(type).paramLabel(label)
                .description(description);
        if (defaultValue != null) b.defaultValue(defaultValue);
        spec.addOption(bound(b, set).build());
        return this;
    }

    /** A repeatable option collecting its values in order ({@code arity} "1..*" also takes several per use). */
    <T> CommandOptions repeatable(String names, Class<T> type, String label, String arity, String description,
            Consumer<List<T>> set) {
        OptionSpec.Builder b = OptionSpec.builder(names.split(",")).type(List.class).auxiliaryTypes(type)
                .paramLabel(label).description(description);
        if (arity != null) b.arity(arity);
        spec.addOption(bound(b, set).build());
        return this;
    }

    /** The positional parameters, all of them, as strings. */
    CommandOptions positionals(String label, String description, Consumer<List<String>> set) {
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class)
                .arity("0..*").paramLabel(label).description(description);
        spec.addPositional(bound(b, set).build());
        return this;
    }

    private static <T> OptionSpec.Builder bound(OptionSpec.Builder b, Consumer<T> set) {
        Binding<T> binding = new Binding<>(set);
        return b.getter(binding).setter(binding);
    }

    private static <T> PositionalParamSpec.Builder bound(PositionalParamSpec.Builder b, Consumer<T> set) {
        Binding<T> binding = new Binding<>(set);
        return b.getter(binding).setter(binding);
    }

    /**
     * Hands each value picocli sets to the command. picocli reads the current value back (to add a repeated
     * option's next value to the same list), so the binding keeps the last value it was given.
     */
    private static final class Binding<T> implements IGetter, ISetter {
        private final Consumer<T> set;
        private Object value;

        Binding(Consumer<T> set) {
            this.set = set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V v) {
            V old = (V) value;
            value = v;
            if (v != null) set.accept((T) v);
            return old;
        }
    }
}
