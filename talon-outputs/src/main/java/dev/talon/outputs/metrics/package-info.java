/**
 * Opt-in metrics: a {@link dev.talon.outputs.metrics.MetricsRegistry} of lock-free counters and gauges
 * registered by name and labels (events, drops, alerts by rule and priority, output failures and drops
 * by channel), and a {@link dev.talon.outputs.metrics.MetricsServer} exposing them in the Prometheus
 * text format at {@code /metrics}.
 */
package dev.talon.outputs.metrics;
