/**
 * Capture sources and the {@code .scap} capture file format: the JVM counterpart of libscap's engine
 * table and its savefile engine.
 *
 * <p>{@link dev.talon.scap.Source} is the one interface every event source implements; it fills a
 * caller-owned, reusable {@link dev.talon.event.EventView} per event. Capture metadata (machine info,
 * process list, fd tables, interfaces, users, groups) is pushed to a {@link dev.talon.scap.MetadataSink}
 * as the source parses it. {@link dev.talon.scap.ScapReader} opens plain and gzip-compressed files
 * (format: {@code shared/spec/scap-file-format.md}); {@link dev.talon.scap.ScapWriter} writes the
 * current 1.2 layout. Errors are {@link dev.talon.scap.CaptureException}s; damaged files raise a
 * {@link dev.talon.scap.ScapFormatException} naming the block and byte offset.
 */
package dev.talon.scap;
