package dev.talon.scap;

import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a capture in the current 1.2 layout: SHB, MI, IL_V2, UL_V2, PL_V9, one FDL_V2 per thread, then
 * EV_V2 / EV_V2_LARGE / EVF_V2 / EVF_V2_LARGE event blocks.
 *
 * <p>The writer is a {@link MetadataSink}: metadata handed to it is kept until the next event (or
 * {@link #flush()} / {@link #close()}) and then written as blocks, so a reader-to-writer copy is
 * {@code ScapReader.open(in, writer)} followed by {@code writer.write(view)} per event. Metadata arriving
 * after events is written where it arrives (a state refresh); a {@link #sectionStart} after events starts
 * a new section. Output is buffered and only ever written in whole blocks, so a file cut short by a crash
 * is readable up to its last complete block.
 *
 * <p>Not thread-safe.
 */
public final class ScapWriter implements MetadataSink, AutoCloseable {
    /** scap_dump_flags bit that is never stored: it selects the *_LARGE block id instead. */
    private static final int SCAP_DF_LARGE = 4;
    private static final int FLUSH_AT = 1 << 20;
    /** Metadata entries are split over several blocks of about this size (readers cap blocks at 1 GiB). */
    private static final int METADATA_BLOCK_TARGET = 8 << 20;

    private final Path path;
    private final FileChannel channel;
    private final ByteSink out = new ByteSink(FLUSH_AT + 64 * 1024);
    private final ByteSink block = new ByteSink(64 * 1024);

    private boolean sectionWritten;
    private boolean eventsInSection;
    private boolean newSectionRequested;
    private MachineInfo machineInfo;
    private final List<InterfaceEntry> interfaces = new ArrayList<>();
    private final List<UserEntry> users = new ArrayList<>();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<ThreadEntry> threads = new ArrayList<>();
    private final Map<Long, List<FdEntry>> fds = new LinkedHashMap<>();
    /** Threads written in the current section: fd tables may only refer to these. */
    private final Set<Long> writtenTids = new HashSet<>();
    private long eventsWritten;
    private boolean closed;

    private ScapWriter(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates (or truncates) {@code file} for writing. */
    public static ScapWriter create(Path file) throws CaptureException {
        try {
            return new ScapWriter(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException | UnsupportedOperationException e) {
            throw new CaptureException("cannot create capture file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void sectionStart(SectionHeader header) {
        if (eventsInSection) {
            newSectionRequested = true;
        }
    }

    @Override
    public void machineInfo(MachineInfo info) {
        machineInfo = info;
    }

    @Override
    public void networkInterface(InterfaceEntry entry) {
        interfaces.add(entry);
    }

    @Override
    public void user(UserEntry entry) {
        users.add(entry);
    }

    @Override
    public void group(GroupEntry entry) {
        groups.add(entry);
    }

    @Override
    public void thread(ThreadEntry entry) {
        threads.add(entry);
    }

    @Override
    public void fd(long tid, FdEntry entry) {
        if (FdListCodec.writable(entry)) {
            fds.computeIfAbsent(tid, k -> new ArrayList<>()).add(entry);
        }
    }

    /** Appends the event {@code event} points at, with its cpu and dump flags. */
    public void write(EventView event) throws CaptureException {
        ensureOpen();
        writePendingMetadata();
        int type = event.type();
        int len = event.length();
        if (len < EventView.HEADER_V2) {
            throw new IllegalArgumentException("event length " + len + " is shorter than the v2 header");
        }
        int flags = event.dumpFlags() & ~SCAP_DF_LARGE;
        boolean large = EventSchema.isLargePayload(type);
        int blockType = flags == 0 ? (large ? BlockType.EV_V2_LARGE : BlockType.EV_V2)
                : (large ? BlockType.EVF_V2_LARGE : BlockType.EVF_V2);
        int body = 2 + (flags != 0 ? 4 : 0) + len;
        int pad = (4 - (body & 3)) & 3;
        int total = BlockInput.HEADER + body + pad + 4;
        if (out.size() > 0 && out.size() + total > FLUSH_AT) {
            flushBuffer();
        }
        out.u32(blockType).u32(total).u16(event.cpu());
        if (flags != 0) {
            out.u32(flags);
        }
        out.bytes(event.segment(), event.offset(), len).zeros(pad).u32(total);
        if (out.size() >= FLUSH_AT) {
            flushBuffer();
        }
        eventsInSection = true;
        eventsWritten++;
    }

    /** Number of events written so far. */
    public long eventsWritten() {
        return eventsWritten;
    }

    /** Writes pending metadata and every buffered block to the file. */
    public void flush() throws CaptureException {
        ensureOpen();
        writePendingMetadata();
        flushBuffer();
    }

    /** Flushes and closes the file. Idempotent. */
    @Override
    public void close() throws CaptureException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                throw new CaptureException("cannot close capture file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private void ensureOpen() throws CaptureException {
        if (closed) {
            throw new CaptureException("capture file " + path + " is already closed");
        }
    }

    private boolean hasPendingMetadata() {
        return machineInfo != null || !interfaces.isEmpty() || !users.isEmpty() || !groups.isEmpty()
                || !threads.isEmpty() || !fds.isEmpty();
    }

    private void writePendingMetadata() throws CaptureException {
        if (!sectionWritten || (newSectionRequested && hasPendingMetadata())) {
            writeSectionHeader();
        }
        if (machineInfo != null) {
            MetadataParser.writeMachineInfo(beginBlock(BlockType.MI), machineInfo);
            endBlock();
            machineInfo = null;
        }
        if (!interfaces.isEmpty()) {
            // like libscap: all IPv4 addresses first, then IPv6
            List<InterfaceEntry> ordered = new ArrayList<>(interfaces.size());
            interfaces.stream().filter(i -> i instanceof InterfaceEntry.Ipv4).forEach(ordered::add);
            interfaces.stream().filter(i -> i instanceof InterfaceEntry.Ipv6).forEach(ordered::add);
            writeEntries(BlockType.IL_V2, null, ordered, InterfaceListCodec::write);
            interfaces.clear();
        }
        if (!users.isEmpty() || !groups.isEmpty()) {
            List<Object> credentials = new ArrayList<>(users);
            credentials.addAll(groups);
            writeEntries(BlockType.UL_V2, null, credentials, (sink, e) -> {
                if (e instanceof UserEntry u) {
                    UserListCodec.writeUser(sink, u);
                } else {
                    UserListCodec.writeGroup(sink, (GroupEntry) e);
                }
            });
            users.clear();
            groups.clear();
        }
        if (!threads.isEmpty()) {
            writeEntries(BlockType.PL_V9, null, threads, ProcessListCodec::write);
            threads.forEach(t -> writtenTids.add(t.tid()));
            threads.clear();
        }
        for (Map.Entry<Long, List<FdEntry>> e : fds.entrySet()) {
            // libscap rejects the whole file when an FDL names a thread missing from the process list
            // ("FD block references TID n, which doesn't exist"), so such fd tables are dropped
            if (writtenTids.contains(e.getKey())) {
                writeEntries(BlockType.FDL_V2, e.getKey(), e.getValue(), FdListCodec::write);
            }
        }
        fds.clear();
    }

    private void writeSectionHeader() throws CaptureException {
        beginBlock(BlockType.SHB).u32(BlockType.BYTE_ORDER_MAGIC).u16(1).u16(2).u64(-1);
        endBlock();
        sectionWritten = true;
        writtenTids.clear();
        newSectionRequested = false;
        eventsInSection = false;
    }

    private interface EntryEncoder<T> {
        void encode(ByteSink sink, T entry);
    }

    /** Writes entries as one or more blocks of {@code type}; FDL blocks start with the owning tid. */
    private <T> void writeEntries(int type, Long tid, List<T> entries, EntryEncoder<T> encoder) throws CaptureException {
        int i = 0;
        while (i < entries.size()) {
            ByteSink b = beginBlock(type);
            if (tid != null) {
                b.u64(tid);
            }
            int start = b.size();
            do {
                encoder.encode(b, entries.get(i++));
            } while (i < entries.size() && b.size() - start < METADATA_BLOCK_TARGET);
            endBlock();
        }
    }

    private ByteSink beginBlock(int type) {
        block.clear();
        block.u32(type).u32(0);
        return block;
    }

    /** Pads, adds the trailer, patches the length and queues the block. */
    private void endBlock() throws CaptureException {
        block.zeros((4 - (block.size() & 3)) & 3);
        int total = block.size() + 4;
        block.u32(total);
        block.putU32(4, total);
        if (out.size() > 0 && out.size() + total > FLUSH_AT) {
            flushBuffer();
        }
        out.bytes(block.array(), 0, total);
        if (out.size() >= FLUSH_AT) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws CaptureException {
        ByteBuffer bb = ByteBuffer.wrap(out.array(), 0, out.size());
        try {
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
        } catch (IOException e) {
            throw new CaptureException("cannot write capture file " + path + ": " + e.getMessage(), e);
        }
        out.clear();
    }
}
