/**
 * Events made in code rather than captured: {@link dev.talon.scap.synthetic.EventEncoder} turns
 * (type, ts, tid, parameter values) into v2 wire bytes per the event schema, and
 * {@link dev.talon.scap.synthetic.SyntheticSource} replays such events, with metadata, as a
 * {@link dev.talon.scap.Source}. Used by tests of the state, filter and rule modules and by the writer
 * tests; nothing here touches the kernel or the file system.
 */
package dev.talon.scap.synthetic;
