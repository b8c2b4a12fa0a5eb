/**
 * The initial state of a live capture read from the running system, like libscap's proc scan:
 * {@link dev.talon.scap.proc.ProcScanner#scan} reads machine info, network interfaces, users and
 * groups, every process and thread under {@code /proc} and the fd table of every process (sockets
 * resolved through {@code /proc/<pid>/net/*} by inode), and hands them to a
 * {@link dev.talon.scap.MetadataSink} exactly as a capture file's metadata blocks would be, so the
 * state tracker and the capture writer need no live-specific path. Processes that exit during the
 * scan are skipped; the scan allocates freely (it runs once, before events flow).
 */
package dev.talon.scap.proc;
