/**
 * The live event source: Talon's CO-RE eBPF probe (C, under {@code src/main/bpf}), its loader and its
 * ring-buffer consumer, all reached from Java through FFM (libbpf.so.1 and libc; no JNI).
 *
 * <p>Layering, as in cilium/ebpf: {@link dev.talon.driver.ProbeSpec} describes the embedded object
 * without touching the kernel; {@link dev.talon.driver.ProbeSpec#load} performs every
 * kernel-dependent step and returns a {@link dev.talon.driver.LoadedProbe};
 * {@link dev.talon.driver.LoadedProbe#attach} returns the {@link dev.talon.driver.Attachment} that
 * makes events flow; {@link dev.talon.driver.RingBufferSource} reads them as
 * {@link dev.talon.event.EventView}s straight out of the mapped rings. Failures are typed
 * subclasses of {@link dev.talon.driver.DriverException}; what libbpf printed while a step failed
 * travels in {@link dev.talon.driver.DriverException#libbpfLog()} rather than to the terminal.
 */
package dev.talon.driver;
