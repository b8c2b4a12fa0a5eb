package dev.talon.outputs;

/**
 * An alert on its way to the channels. The line is formatted once, lazily, by whichever worker gets
 * there first (formatting stays off the capture thread); a race formats twice and keeps an equal string.
 */
final class Pending {
    private final Alert alert;
    private final AlertFormatter formatter;
    private volatile String line;

    Pending(Alert alert, AlertFormatter formatter) {
        this.alert = alert;
        this.formatter = formatter;
    }

    Alert alert() {
        return alert;
    }

    String line() {
        String l = line;
        if (l == null) {
            l = formatter.format(alert);
            line = l;
        }
        return l;
    }
}
