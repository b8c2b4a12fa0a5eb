package dev.talon.driver;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** The attached programs of a probe (bpf_link handles); closing detaches them. Idempotent. */
public final class Attachment implements AutoCloseable {
    private final List<MemorySegment> links;
    private final List<String> programs;
    private boolean closed;

    Attachment(List<MemorySegment> links, List<String> programs) {
        this.links = List.copyOf(links);
        this.programs = List.copyOf(programs);
    }

    /** Names of the attached programs. */
    public List<String> programs() {
        return programs;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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
