package dev.talon.scap.synthetic;

import dev.talon.event.EventView;
import dev.talon.scap.FdEntry;
import dev.talon.scap.GroupEntry;
import dev.talon.scap.InterfaceEntry;
import dev.talon.scap.MachineInfo;
import dev.talon.scap.MetadataCollector;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.SectionHeader;
import dev.talon.scap.Source;
import dev.talon.scap.ThreadEntry;
import dev.talon.scap.UserEntry;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link Source} that replays events and metadata built in code, like libscap's test engine. Events
 * are packed into one buffer when the source is built; {@link #next} allocates nothing.
 *
 * <pre>{@code
 * Source src = SyntheticSource.builder()
 *         .thread(ThreadEntry.builder().tid(42).pid(42).comm("cat").build())
 *         .event(PPME_SYSCALL_OPEN_X, ts, 42, 3L, "/etc/passwd", 1, 0, 0, 0L)
 *         .open(stateSink);
 * }</pre>
 */
public final class SyntheticSource implements Source {
    private final MemorySegment events;
    private final long[] offsets;
    private final int[] cpus;
    private final int[] flags;
    private final long size;
    private int next;
    private boolean closed;

    private SyntheticSource(byte[] events, long[] offsets, int[] cpus, int[] flags) {
        this.events = MemorySegment.ofArray(events);
        this.offsets = offsets;
        this.cpus = cpus;
        this.flags = flags;
        this.size = events.length;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean next(EventView into) {
        if (closed || next >= offsets.length) {
            return false;
        }
        into.wrap(events, offsets[next]).cpu(cpus[next]).dumpFlags(flags[next]).number(next + 1L);
        next++;
        return true;
    }

    @Override
    public long position() {
        return next < offsets.length ? offsets[next] : size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Collects metadata and events; not thread-safe. */
    public static final class Builder {
        private final MetadataCollector metadata = new MetadataCollector();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long[] offsets = new long[16];
        private int[] cpus = new int[16];
        private int[] flags = new int[16];
        private int count;

        private Builder() {}

        public Builder machineInfo(MachineInfo info) {
            metadata.machineInfo(info);
            return this;
        }

        public Builder networkInterface(InterfaceEntry entry) {
            metadata.networkInterface(entry);
            return this;
        }

        public Builder user(UserEntry entry) {
            metadata.user(entry);
            return this;
        }

        public Builder group(GroupEntry entry) {
            metadata.group(entry);
            return this;
        }

        public Builder thread(ThreadEntry entry) {
            metadata.thread(entry);
            return this;
        }

        public Builder fd(long tid, FdEntry entry) {
            metadata.fd(tid, entry);
            return this;
        }

        /** An event on cpu 0; parameters as {@link EventEncoder#encode} takes them. */
        public Builder event(int type, long ts, long tid, Object... params) {
            return eventOnCpu(0, type, ts, tid, params);
        }

        public Builder eventOnCpu(int cpu, int type, long ts, long tid, Object... params) {
            return raw(cpu, 0, EventEncoder.encode(type, ts, tid, params));
        }

        /** A pre-encoded v2 event (its header length must equal the array length). */
        public Builder raw(int cpu, int dumpFlags, byte[] event) {
            if (event.length < EventView.HEADER_V2) {
                throw new IllegalArgumentException("an event has at least " + EventView.HEADER_V2 + " bytes");
            }
            int len = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
            if (len != event.length) {
                throw new IllegalArgumentException("event header says " + len + " bytes, array has " + event.length);
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                cpus = Arrays.copyOf(cpus, count * 2);
                flags = Arrays.copyOf(flags, count * 2);
            }
            offsets[count] = bytes.size();
            cpus[count] = cpu;
            flags[count] = dumpFlags;
            count++;
            bytes.writeBytes(event);
            return this;
        }

        /** A copy of the event a view points at, with its cpu and dump flags. */
        public Builder copyOf(EventView view) {
            byte[] b = new byte[view.length()];
            MemorySegment.copy(view.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, view.offset(), b, 0, b.length);
            return raw(view.cpu(), view.dumpFlags(), b);
        }

        /** The source, with its metadata ignored. */
        public SyntheticSource build() {
            return open(MetadataSink.NONE);
        }

        /** The source, after delivering a section start and all metadata to {@code sink}. */
        public SyntheticSource open(MetadataSink sink) {
            sink.sectionStart(new SectionHeader(1, 2, -1, 0));
            metadata.replay(sink);
            return new SyntheticSource(bytes.toByteArray(), Arrays.copyOf(offsets, count), Arrays.copyOf(cpus, count),
                    Arrays.copyOf(flags, count));
        }
    }
}
