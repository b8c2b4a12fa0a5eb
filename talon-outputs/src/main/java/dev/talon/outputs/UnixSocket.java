package dev.talon.outputs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A UNIX-domain socket through FFM downcalls to libc. The JDK's UNIX-domain support covers stream
 * sockets only ({@code SocketChannel}); {@code /dev/log} is a datagram socket on every current
 * distribution (systemd-journald, rsyslog), so syslog needs {@code socket(AF_UNIX, SOCK_DGRAM)} +
 * {@code connect} + {@code send} — the same calls glibc's {@code syslog(3)} makes.
 *
 * <p>Sends use {@code MSG_DONTWAIT}: a datagram sender blocks when the receiver's queue is full, and a
 * thread stuck in a native call cannot be interrupted; the caller retries on {@link #WOULD_BLOCK}.
 * Not thread-safe; one owner thread.
 */
final class UnixSocket implements AutoCloseable {
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    /** {@link #send} result when the socket buffer is full. */
    static final int WOULD_BLOCK = -2;

    private static final int AF_UNIX = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int SUN_PATH_MAX = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CONNECT = downcall("connect",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SEND = downcall("send",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = downcall("recv",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        SymbolLookup libc = LINKER.defaultLookup();
        return LINKER.downcallHandle(libc.findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
    }

    private final Arena arena = Arena.ofShared(); // created by one thread, used by the channel worker
    private final MemorySegment state = arena.allocate(CALL_STATE);
    private final int type;
    private int fd;

    private UnixSocket(int fd, int type) {
        this.fd = fd;
        this.type = type;
    }

    int type() {
        return type;
    }

    /** Opens a socket of {@code type} ({@link #SOCK_DGRAM} or {@link #SOCK_STREAM}) connected to {@code path}. */
    static UnixSocket connect(String path, int type) throws IOException {
        UnixSocket s = open(type);
        try {
            s.call("connect " + path, CONNECT, s.address(path));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Opens a datagram socket bound to {@code path} (the receiving end; used by tests and tools). */
    static UnixSocket bindDatagram(String path) throws IOException {
        UnixSocket s = open(SOCK_DGRAM);
        try {
            s.call("bind " + path, BIND, s.address(path));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static UnixSocket open(int type) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(st, AF_UNIX, type | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                int errno = (int) ERRNO.get(st, 0L);
                throw new NativeException("socket(AF_UNIX)", errno);
            }
            return new UnixSocket(fd, type);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private MemorySegment address(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("UNIX socket path longer than " + (SUN_PATH_MAX - 1) + " bytes: " + path);
        }
        MemorySegment sa = arena.allocate(2 + SUN_PATH_MAX, 8);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, sa, ValueLayout.JAVA_BYTE, 2, p.length);
        return sa; // arena memory is zeroed: sun_path is NUL-terminated
    }

    private void call(String what, MethodHandle mh, MemorySegment sa) throws IOException {
        int rc;
        try {
            rc = (int) mh.invokeExact(state, fd, sa, (int) sa.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc < 0) {
            throw new NativeException(what, (int) ERRNO.get(state, 0L));
        }
    }

    /**
     * Sends one datagram (or, on a stream socket, the bytes) without blocking.
     *
     * @return the byte count sent, or {@link #WOULD_BLOCK} if the peer's queue is full
     */
    long send(byte[] data) throws IOException {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            while (true) {
                long n = (long) SEND.invokeExact(state, fd, buf, (long) data.length, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (n >= 0) {
                    return n;
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EAGAIN) {
                    return WOULD_BLOCK;
                }
                if (errno != EINTR) {
                    throw new NativeException("send", errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Receives one datagram, waiting at most {@code timeoutMillis}; null on timeout. */
    byte[] receive(int maxBytes, int timeoutMillis) throws IOException {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
            int ready = (int) POLL.invokeExact(state, pfd, 1L, timeoutMillis);
            if (ready < 0) {
                throw new NativeException("poll", (int) ERRNO.get(state, 0L));
            }
            if (ready == 0) {
                return null;
            }
            MemorySegment buf = a.allocate(maxBytes);
            long n = (long) RECV.invokeExact(state, fd, buf, (long) maxBytes, MSG_DONTWAIT);
            if (n < 0) {
                throw new NativeException("recv", (int) ERRNO.get(state, 0L));
            }
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void ensureOpen() throws IOException {
        if (fd < 0) {
            throw new IOException("socket is closed");
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) CLOSE.invokeExact(state, fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                fd = -1;
                arena.close();
            }
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** A failed system call, carrying errno. */
    static final class NativeException extends IOException {
        private final int errno;

        NativeException(String call, int errno) {
            super(call + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
