package dev.talon.outputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * {@code syslog_output}: sends each alert to the local syslog socket with severity = priority, framed
 * the way glibc's {@code syslog(3)} frames it: {@code <PRI>Mmm dd HH:MM:SS ident[pid]: message}, with
 * facility LOG_USER. That is RFC 3164 without the HOSTNAME field, which the local daemon fills in
 * (RFC 3164 §4.3.2 allows a relay to add it), exactly what Falco's {@code syslog()} call produces.
 *
 * <p>{@code /dev/log} is normally a datagram socket; if it turns out to be a stream socket (connect
 * fails with EPROTOTYPE) we fall back to a stream connection and NUL-terminate each message, as glibc does.
 */
final class SyslogChannel implements OutputChannel {
    static final String DEFAULT_PATH = "/dev/log";
    private static final int LOG_USER = 1 << 3;
    private static final int EPROTOTYPE = 91;
    private static final int ECONNREFUSED = 111;
    private static final int ENOTCONN = 107;
    private static final int EPIPE = 32;
    private static final int ECONNRESET = 104;
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /** How long a full receiver queue may hold up one message before it counts as a failure. */
    private static final long FULL_QUEUE_WAIT_MILLIS = 1000;

    private final String path;
    private final String tag;
    private final Clock clock;
    private UnixSocket socket;

    SyslogChannel(String path, String ident, Clock clock) {
        this.path = path;
        this.tag = ident + "[" + ProcessHandle.current().pid() + "]: ";
        this.clock = clock;
    }

    @Override
    public String name() {
        return "syslog";
    }

    /** The datagram for one message, without the stream NUL. */
    byte[] frame(Priority priority, String message) {
        LocalDateTime t = LocalDateTime.now(clock);
        StringBuilder b = new StringBuilder(32 + tag.length() + message.length());
        b.append('<').append(LOG_USER | priority.level()).append('>');
        b.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            b.append(' ');
        }
        b.append(t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append(' ');
        b.append(tag).append(message);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    @Override
    public void write(Alert alert, String formatted) throws IOException {
        byte[] datagram = frame(alert.priority(), formatted);
        try {
            sendOnce(datagram);
        } catch (UnixSocket.NativeException e) {
            int errno = e.errno();
            if (errno != ECONNREFUSED && errno != ENOTCONN && errno != EPIPE && errno != ECONNRESET) {
                throw e;
            }
            // the syslog daemon restarted: reconnect once, like glibc
            disconnect();
            sendOnce(datagram);
        }
    }

    private void sendOnce(byte[] datagram) throws IOException {
        UnixSocket s = connected();
        byte[] data = s.type() == UnixSocket.SOCK_STREAM ? Arrays.copyOf(datagram, datagram.length + 1) : datagram;
        int off = 0;
        long waitedMillis = 0;
        while (off < data.length) {
            byte[] rest = off == 0 ? data : Arrays.copyOfRange(data, off, data.length);
            long n = s.send(rest);
            if (n == UnixSocket.WOULD_BLOCK) {
                if (waitedMillis >= FULL_QUEUE_WAIT_MILLIS) {
                    throw new IOException("syslog socket " + path + " stays full; message not sent");
                }
                sleep(5);
                waitedMillis += 5;
                continue;
            }
            if (s.type() == UnixSocket.SOCK_DGRAM) {
                return; // a datagram goes out whole or not at all
            }
            off += (int) n;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the syslog socket was full", e);
        }
    }

    private UnixSocket connected() throws IOException {
        if (socket == null) {
            try {
                socket = UnixSocket.connect(path, UnixSocket.SOCK_DGRAM);
            } catch (UnixSocket.NativeException e) {
                if (e.errno() != EPROTOTYPE) {
                    throw new IOException("cannot connect to syslog socket " + path + ": " + e.getMessage(), e);
                }
                socket = UnixSocket.connect(path, UnixSocket.SOCK_STREAM);
            }
        }
        return socket;
    }

    private void disconnect() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    @Override
    public String toString() {
        return "syslog " + path;
    }
}
