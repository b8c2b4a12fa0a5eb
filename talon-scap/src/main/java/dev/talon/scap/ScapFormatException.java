package dev.talon.scap;

/**
 * A capture file is damaged or not a capture file. Carries the byte offset of the problem and the name
 * of the block being read (e.g. {@code EV_V2}, {@code PL_V9}; null when no block applies). For gzip
 * files the offset is in the decompressed stream, and the message says so.
 */
public final class ScapFormatException extends CaptureException {
    private static final long serialVersionUID = 1L;

    private final String block;
    private final long offset;
    private final boolean decompressedOffset;
    private final String detail;

    public ScapFormatException(String block, long offset, boolean decompressedOffset, String detail) {
        super(format(block, offset, decompressedOffset, detail));
        this.block = block;
        this.offset = offset;
        this.decompressedOffset = decompressedOffset;
        this.detail = detail;
    }

    private static String format(String block, long offset, boolean decompressed, String detail) {
        String where = "offset " + offset + (decompressed ? " of the decompressed stream" : "");
        return block == null ? detail + " (at " + where + ")" : "corrupt " + block + " block at " + where + ": " + detail;
    }

    /** Name of the block in which the damage was found, or null. */
    public String block() {
        return block;
    }

    /** Byte offset of the damage (in the decompressed stream for gzip files). */
    public long offset() {
        return offset;
    }

    /** True when {@link #offset()} counts decompressed bytes of a gzip file. */
    public boolean isDecompressedOffset() {
        return decompressedOffset;
    }

    /** The problem without the location prefix. */
    public String detail() {
        return detail;
    }
}
