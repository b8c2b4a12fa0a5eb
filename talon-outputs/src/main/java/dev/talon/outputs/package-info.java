/**
 * Falco-compatible alert outputs: the {@link dev.talon.outputs.Alert} a rule produces, its text and JSON
 * rendering ({@link dev.talon.outputs.AlertFormatter}), and the {@link dev.talon.outputs.Outputs}
 * dispatcher that hands every alert to the configured channels (stdout, file, syslog, program, http)
 * without ever blocking the capture loop.
 *
 * <p>Channel implementations are package-private; a caller sees only {@link dev.talon.outputs.OutputChannel}
 * (to plug in its own) and per-channel {@link dev.talon.outputs.ChannelStats}.
 */
package dev.talon.outputs;
