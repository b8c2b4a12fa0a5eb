package dev.talon.driver;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attached programs of a probe (bpf_link handles); closing detaches them. Idempotent. In direct
 * mode the probe adds and removes per-syscall programs while attached ({@link LoadedProbe#setSyscalls}).
 */
public final class Attachment implements AutoCloseable {
    private final Map<String, MemorySegment> links = new LinkedHashMap<>();
    private boolean closed;

    Attachment(Map<String, MemorySegment> links) {
        this.links.putAll(links);
    }

    /** Names of the attached programs. */
    public synchronized List<String> programs() {
        return List.copyOf(links.keySet());
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void add(String program, MemorySegment link) {
        links.put(program, link);
    }

    /** Detaches one program, if it is attached here. */
    synchronized void remove(String program) {
        MemorySegment link = links.remove(program);
        if (link != null) {
            destroy(List.of(link));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroy(new ArrayList<>(links.values()));
    }

    static void destroy(List<MemorySegment> links) {
        try {
            LibBpf.Bindings b = LibBpf.get();
            for (MemorySegment link : links) {
                int ignored = (int) b.linkDestroy.invokeExact(link);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("detaching the probe failed", t);
        }
    }
}
