package dev.talon.scap;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The savefile engine: walks the blocks of a capture, pushes metadata blocks to the sink and delivers
 * event blocks as views. Opening parses the header section up to the first event block (as libscap does),
 * so all leading metadata has reached the sink when the constructor returns.
 *
 * <p>Events of v2 blocks are delivered in place (a view of the mapping or of the gzip scratch buffer);
 * v1 events are upgraded to the v2 header in a reused buffer. Nothing is allocated per event.
 */
final class ScapFileSource implements Source {
    /** PPM_MAX_EVENT_PARAMS: no producer writes more; a larger count is damage. */
    static final int MAX_PARAMS = 32;

    private final BlockInput in;
    private final MetadataSink sink;
    private final BlockCursor cursor = new BlockCursor();
    private byte[] upgraded = new byte[64 * 1024];
    private MemorySegment upgradedSeg = MemorySegment.ofArray(upgraded);
    private ByteBuffer upgradedBuf = ByteBuffer.wrap(upgraded).order(ByteOrder.LITTLE_ENDIAN);
    /** The current block is an event block not yet delivered (left over from the header phase). */
    private boolean pending;
    private boolean done;
    private long delivered;

    ScapFileSource(BlockInput in, MetadataSink sink) throws CaptureException {
        this.in = in;
        this.sink = sink;
        if (!in.nextBlock()) {
            throw new ScapFormatException(null, 0, in.compressed(), "not a scap capture file: the file is empty");
        }
        while (true) {
            if (BlockType.isEvent(in.type())) {
                pending = true;
                return;
            }
            handleNonEvent();
            if (!in.nextBlock()) {
                throw new ScapFormatException(null, in.streamOffset() + in.total(), in.compressed(), "no events in file");
            }
        }
    }

    @Override
    public boolean next(EventView into) throws CaptureException {
        if (done) {
            return false;
        }
        try {
            while (true) {
                if (pending) {
                    pending = false;
                } else if (!in.nextBlock()) {
                    done = true;
                    return false;
                }
                if (!BlockType.isEvent(in.type())) {
                    handleNonEvent();
                } else if (decodeEvent(into)) {
                    return true;
                }
            }
        } catch (CaptureException | RuntimeException e) {
            // one error ends the stream: nothing after damage can be trusted
            done = true;
            throw e;
        }
    }

    private BlockCursor body() {
        return cursor.reset(in.segment(), in.base() + BlockInput.HEADER, in.base() + in.total() - 4,
                in.streamOffset() + BlockInput.HEADER, BlockType.name(in.type()), in.compressed());
    }

    /** Section headers start a new section; metadata goes to the sink; unknown blocks are skipped. */
    private void handleNonEvent() throws ScapFormatException {
        BlockCursor c = body();
        if (in.type() == BlockType.SHB) {
            readSectionHeader(c);
        } else {
            MetadataParser.parse(in.type(), c, sink);
        }
    }

    private void readSectionHeader(BlockCursor c) throws ScapFormatException {
        long magicAt = c.position();
        int magic = c.u32("byte-order magic");
        if (magic == Integer.reverseBytes(BlockType.BYTE_ORDER_MAGIC)) {
            throw c.errorAt(magicAt, "big-endian capture files are not supported");
        }
        if (magic != BlockType.BYTE_ORDER_MAGIC) {
            throw c.errorAt(magicAt, String.format("invalid byte-order magic 0x%08X (expected 0x1A2B3C4D)", magic));
        }
        int major = c.u16("major version");
        int minor = c.u16("minor version");
        if (major > 1) {
            throw c.errorAt(magicAt + 4, "unsupported format version " + major + "." + minor + " (this reader reads 1.x)");
        }
        long sectionLength = c.u64("section length");
        // pcapng-style options (e.g. opt_comment) may follow; nothing in them matters to a reader
        sink.sectionStart(new SectionHeader(major, minor, sectionLength, in.streamOffset()));
    }

    /** Points {@code view} at the event of the current block; false if the event is skipped. */
    private boolean decodeEvent(EventView view) throws ScapFormatException {
        int blockType = in.type();
        BlockCursor c = body();
        int cpu = c.u16("cpu id");
        int flags = BlockType.hasDumpFlags(blockType) ? c.u32("dump flags") : 0;
        MemorySegment seg = in.segment();
        long ev = c.position();
        long avail = c.remaining();
        boolean v1 = BlockType.hasV1EventHeader(blockType);
        int headerSize = v1 ? EventView.HEADER_V1 : EventView.HEADER_V2;
        if (avail < headerSize) {
            throw c.error("event header needs " + headerSize + " bytes but the block body holds " + avail);
        }
        int type = in.u16At(ev + 20);
        if (type >= EventTypes.EVENT_MAX) {
            return false; // written by a newer producer: skipped like libscap does
        }
        long len = Integer.toUnsignedLong(in.u32At(ev + 16));
        if (len < headerSize) {
            throw c.errorAt(ev + 16, "event length " + len + " is shorter than the " + headerSize + "-byte header");
        }
        if (len > avail) {
            throw c.errorAt(ev + 16, "event length " + len + " exceeds block body " + avail);
        }
        int width = EventSchema.isLargePayload(type) ? 4 : 2;
        if (v1) {
            seg = upgrade(c, ev, (int) len, type, width);
            ev = 0;
        } else {
            checkLengthArray(c, ev, len, width);
        }
        view.wrap(seg, ev);
        // the V2 check of libs: the parameters fit in the event (the view adds the lengths up once, for
        // its parameter offsets as well)
        if (!v1 && view.paramsEnd() > len) {
            throw c.errorAt(ev + EventView.HEADER_V2, "parameters need " + view.paramsEnd()
                    + " bytes but the event length is " + len);
        }
        view.cpu(cpu).dumpFlags(flags).number(++delivered);
        return true;
    }

    /** The V2 check of libs before the lengths are read: the length array fits in the event. */
    private void checkLengthArray(BlockCursor c, long ev, long len, int width) throws ScapFormatException {
        long nparams = Integer.toUnsignedLong(in.u32At(ev + 22));
        if (nparams > MAX_PARAMS) {
            throw c.errorAt(ev + 22, "event has " + nparams + " parameters, more than the maximum of " + MAX_PARAMS);
        }
        if (EventView.HEADER_V2 + nparams * width > len) {
            throw c.errorAt(ev + 22, nparams + " parameter lengths do not fit in the " + len + "-byte event");
        }
    }

    /**
     * Copies a v1 event (22-byte header, no nparams) into the upgrade buffer as a v2 event and infers
     * nparams: the largest count, up to the schema's, whose lengths add up exactly to the event length.
     */
    private MemorySegment upgrade(BlockCursor c, long ev, int len, int type, int width) throws ScapFormatException {
        MemorySegment src = in.segment();
        int newLen = len + 4;
        if (type == EventTypes.PPME_NOTIFICATION_E || type == EventTypes.PPME_INFRASTRUCTURE_EVENT_E) {
            newLen -= 3; // old writers sized these three bytes too long
            if (newLen < EventView.HEADER_V2) {
                throw c.errorAt(ev + 16, "event length " + len + " is too short for its type " + type);
            }
        }
        if (upgraded.length < len + 4) {
            upgraded = new byte[Math.max(len + 4, upgraded.length * 2)];
            upgradedSeg = MemorySegment.ofArray(upgraded);
            upgradedBuf = ByteBuffer.wrap(upgraded).order(ByteOrder.LITTLE_ENDIAN);
        }
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, ev, upgraded, 0, EventView.HEADER_V1);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, ev + EventView.HEADER_V1, upgraded, EventView.HEADER_V2,
                len - EventView.HEADER_V1);
        ByteBuffer dst = upgradedBuf;
        EventInfo info = EventSchema.info(type);
        for (int n = info.paramCount(); n >= 0; n--) {
            long total = EventView.HEADER_V2 + (long) n * width;
            if (total > newLen) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int at = EventView.HEADER_V2 + i * width;
                total += width == 2 ? Short.toUnsignedLong(dst.getShort(at)) : Integer.toUnsignedLong(dst.getInt(at));
            }
            if (total == newLen) {
                dst.putInt(16, newLen);
                dst.putInt(22, n);
                return upgradedSeg;
            }
            if (total < newLen) {
                break; // fewer parameters only make the sum smaller
            }
        }
        throw c.errorAt(ev + 16, "cannot convert v1 event of type " + type + " to v2: no parameter count up to "
                + info.paramCount() + " matches the event length " + len);
    }

    @Override
    public long position() {
        return in.position();
    }

    @Override
    public long size() {
        return in.size();
    }

    @Override
    public void close() {
        done = true;
        in.close();
    }
}
