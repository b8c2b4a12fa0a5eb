package dev.talon.scap;

import java.util.Arrays;

/** Builds capture files block by block for tests, including deliberately odd ones. */
final class CaptureBuilder {
    private final ByteSink out = new ByteSink(1024);

    static CaptureBuilder section() {
        return new CaptureBuilder().shb(1, 2, 0);
    }

    CaptureBuilder shb(int major, int minor, int optionBytes) {
        ByteSink b = new ByteSink(32).u32(BlockType.BYTE_ORDER_MAGIC).u16(major).u16(minor).u64(-1).zeros(optionBytes);
        return block(BlockType.SHB, b);
    }

    /** A block with a correct header, padding and trailer. */
    CaptureBuilder block(int type, ByteSink body) {
        int pad = (4 - (body.size() & 3)) & 3;
        int total = 8 + body.size() + pad + 4;
        out.u32(type).u32(total).bytes(body.array(), 0, body.size()).zeros(pad).u32(total);
        return this;
    }

    CaptureBuilder event(int blockType, int cpu, int flags, byte[] event) {
        ByteSink b = new ByteSink(event.length + 8).u16(cpu);
        if (BlockType.hasDumpFlags(blockType)) {
            b.u32(flags);
        }
        return block(blockType, b.bytes(event));
    }

    CaptureBuilder raw(byte[] bytes) {
        out.bytes(bytes);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return Arrays.copyOf(out.array(), out.size());
    }

    /** A v2 event with u16 lengths. */
    static byte[] eventV2(int type, long ts, long tid, byte[]... params) {
        ByteSink b = new ByteSink(64);
        int len = 26 + 2 * params.length + Arrays.stream(params).mapToInt(p -> p.length).sum();
        b.u64(ts).u64(tid).u32(len).u16(type).u32(params.length);
        for (byte[] p : params) {
            b.u16(p.length);
        }
        for (byte[] p : params) {
            b.bytes(p);
        }
        return Arrays.copyOf(b.array(), b.size());
    }

    /** A v1 event (22-byte header, no nparams) whose len is {@code extraLen} bytes off. */
    static byte[] eventV1(int type, long ts, long tid, int extraLen, byte[]... params) {
        ByteSink b = new ByteSink(64);
        int len = 22 + 2 * params.length + Arrays.stream(params).mapToInt(p -> p.length).sum();
        b.u64(ts).u64(tid).u32(len + extraLen).u16(type);
        for (byte[] p : params) {
            b.u16(p.length);
        }
        for (byte[] p : params) {
            b.bytes(p);
        }
        b.zeros(Math.max(0, extraLen));
        return Arrays.copyOf(b.array(), b.size());
    }

    static byte[] u64(long v) {
        return Arrays.copyOf(new ByteSink(8).u64(v).array(), 8);
    }

    static byte[] u32(int v) {
        return Arrays.copyOf(new ByteSink(8).u32(v).array(), 4);
    }
}
