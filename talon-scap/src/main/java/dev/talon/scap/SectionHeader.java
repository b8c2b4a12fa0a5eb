package dev.talon.scap;

/**
 * A section header block (SHB): the start of a capture or of a later section of a merged file.
 *
 * @param majorVersion  format major version (readers accept 1)
 * @param minorVersion  format minor version (0, 1 or 2; informational)
 * @param sectionLength section length as stored, -1 when unknown (always, in practice)
 * @param offset        byte offset of the block in the (decompressed) file
 */
public record SectionHeader(int majorVersion, int minorVersion, long sectionLength, long offset) {}
