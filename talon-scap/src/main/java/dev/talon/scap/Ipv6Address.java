package dev.talon.scap;

/**
 * A 16-byte IPv6 address held as two big-endian longs (network byte order, as stored on disk), so
 * records holding it keep value semantics.
 */
public record Ipv6Address(long high, long low) {

    public static final Ipv6Address ANY = new Ipv6Address(0, 0);

    /** The address from 16 bytes in network order. */
    public static Ipv6Address of(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, got " + bytes.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xFF);
            lo = (lo << 8) | (bytes[i + 8] & 0xFF);
        }
        return new Ipv6Address(hi, lo);
    }

    /** The 16 bytes in network order. */
    public byte[] bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? high : low;
            int group = (int) (word >>> (48 - 16 * (i % 4))) & 0xFFFF;
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group));
        }
        return sb.toString();
    }
}
