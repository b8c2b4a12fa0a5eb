package dev.talon.outputs;

/**
 * Delivery counters of one channel since {@link Outputs} started.
 *
 * @param channel   channel name
 * @param delivered alerts written successfully
 * @param dropped   alerts dropped because the channel's queue was full (or still queued at a close deadline)
 * @param failed    alerts whose delivery failed (I/O error, non-2xx answer, program exit...)
 * @param queued    alerts waiting in the queue right now
 */
public record ChannelStats(String channel, long delivered, long dropped, long failed, int queued) {
}
