// Builds a large .scap for benchmarks by repeating the event blocks of a real capture.
//
//   java bench/MakeLargeCapture.java <in.scap[.gz]> <out.scap> <target-events>
//
// The header section (SHB, MI, IL, UL, PL, FDL...) is copied once; the event blocks are then written
// again and again until the target count is reached. Only block framing is parsed (type and total
// length), so the events are byte-for-byte those of the original.
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;

public class MakeLargeCapture {
    // EV, EV_INT, EVF, EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE
    private static final Set<Integer> EVENT_BLOCKS = Set.of(0x204, 0x8010ABCD, 0x208, 0x216, 0x217, 0x221, 0x222);

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: MakeLargeCapture <in.scap> <out.scap> <target-events>");
            System.exit(2);
        }
        long target = Long.parseLong(args[2]);
        InputStream raw = new BufferedInputStream(Files.newInputStream(Path.of(args[0])));
        raw.mark(2);
        boolean gz = raw.read() == 0x1F && raw.read() == 0x8B;
        raw.reset();
        DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw);

        ByteArrayOutputStream header = new ByteArrayOutputStream();
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        int eventCount = 0;
        byte[] hdr = new byte[8];
        while (true) {
            try {
                in.readFully(hdr);
            } catch (EOFException e) {
                break;
            }
            ByteBuffer h = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
            int type = h.getInt(0);
            int total = h.getInt(4);
            byte[] rest = new byte[total - 8];
            in.readFully(rest);
            ByteArrayOutputStream dst = EVENT_BLOCKS.contains(type) ? events : (eventCount == 0 ? header : null);
            if (dst == null) continue; // metadata after events: not repeated
            dst.write(hdr);
            dst.write(rest);
            if (dst == events) eventCount++;
        }
        if (eventCount == 0) throw new IOException("no event blocks in " + args[0]);
        byte[] ev = events.toByteArray();
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20)) {
            header.writeTo(out);
            while (written < target) {
                out.write(ev);
                written += eventCount;
            }
        }
        System.out.println(written);
    }
}
