package dev.talon.inspect.format;

/** How PT_BYTEBUF parameters are printed: sysdig's default, -A, -b, -x and -X. */
public enum BufferMode {
    /** printable ASCII, others as '.', truncated to 80 characters unless verbose */
    NORMAL,
    /** -A: only printable characters and newlines, on a new line */
    ASCII,
    /** -b: base64 */
    BASE64,
    /** -x: hex dump */
    HEX,
    /** -X: hex dump with an ASCII column */
    HEX_ASCII
}
