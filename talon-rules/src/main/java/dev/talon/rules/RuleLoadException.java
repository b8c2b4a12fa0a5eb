package dev.talon.rules;

import java.util.List;
import java.util.stream.Collectors;

/** The rules did not load: at least one error. {@link #messages()} has all errors and warnings. */
public final class RuleLoadException extends Exception {
    private final List<RuleMessage> messages;

    public RuleLoadException(List<RuleMessage> messages) {
        super(messages.stream().filter(RuleMessage::isError).map(RuleMessage::toString)
                .collect(Collectors.joining("\n")));
        this.messages = List.copyOf(messages);
    }

    /** Errors and warnings, in the order found. */
    public List<RuleMessage> messages() {
        return messages;
    }

    public List<RuleMessage> errors() {
        return messages.stream().filter(RuleMessage::isError).toList();
    }
}
