/* Maps, counters and the event writer shared by every Talon program.
 *
 * Events are assembled in a per-CPU scratch area in the exact scap wire layout (ppm_evt_hdr v2:
 * ts u64 @0, tid u64 @8, len u32 @16, type u16 @20, nparams u32 @22, then one u16 length per
 * parameter, then the parameter bytes) and copied into this CPU's ring buffer with
 * bpf_ringbuf_output. Building in scratch first lets an event have any size up to EVT_MAX
 * without reserving the worst case in the ring.
 *
 * Verifier discipline: every variable write offset is masked with EVT_MASK and every variable
 * size is clamped to the room left below EVT_MAX, so a masked offset plus a clamped size always
 * lands inside buf, which is 2 * EVT_MAX long. */
#pragma once

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "syscall_table.h"
#include "syscall_table_ia32.h"
#include "talon_events.h"

#define EVT_MAX 32768 /* largest event the probe emits */
#define EVT_MASK (EVT_MAX - 1)
#define HDR_LEN 26
#define MAX_PARAMS 32
#define MAX_PATH 4096
#define MAX_ARG_ENV 4096 /* bytes of argv / envp kept, like libs' MAX_PROC_ARG_ENV */
#define MAX_ARGS 32      /* argv entries walked when they must be read pointer by pointer */
#define PATH_DEPTH 32    /* directory levels of a path rebuilt from dentries; deeper paths are cut at the top */
#define NAME_MAX_Z 256   /* a path component with its NUL */

/* Runtime settings user space writes into settings[0]; read once per event. */
struct talon_settings {
	__u64 boot_time;    /* epoch ns at boot: added to bpf_ktime_get_boot_ns() for evt.time */
	__u32 snaplen;      /* bytes of read/write data captured */
	__u32 ignored_tgid; /* a process never captured (the consumer itself), 0 = none */
	__u32 capture_procexit;
	__u32 poll_only;    /* 1 = never wake the consumer, it polls (0 = the kernel's adaptive wakeup) */
};

/* Mirrored by dev.talon.driver.ProbeStats (field order matters). */
struct talon_counters {
	__u64 n_seen;         /* interesting syscall exits and tracepoint hits the probe handled */
	__u64 n_evts;         /* events written to a ring */
	__u64 drop_ring_full; /* dropped: the ring had no room */
	__u64 drop_no_ring;   /* dropped: no ring registered for this CPU */
	__u64 drop_bug;       /* dropped: scratch missing or malformed event (should stay 0) */
	__u64 read_faults;    /* parameters left empty because user/kernel memory could not be read */
	__u64 truncated;      /* parameters cut short because the event reached EVT_MAX */
};

struct talon_scratch {
	__u32 off;     /* next free byte in buf */
	__u32 idx;     /* next parameter index */
	__u32 nparams; /* parameters the event declares */
	__u32 type;
	__u8 buf[2 * EVT_MAX];
	/* path components found walking up a dentry chain (evt_file_path), leaf first */
	const unsigned char *path_parts[PATH_DEPTH];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct talon_settings);
} settings SEC(".maps");

/* Indexed by syscall number: INTERESTING_X64 = capture this native x86_64 syscall, INTERESTING_IA32 =
 * capture the ia32 syscall of this number (its x86_64 equivalent is selected). One lookup decides
 * for both numberings; everything else returns at once. */
#define INTERESTING_X64 1
#define INTERESTING_IA32 2
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TALON_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u8);
} interesting SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct talon_counters);
} counters SEC(".maps");

/* What the sys_exit dispatcher learned about the syscall it hands to a filler by tail call (which
 * keeps only the context): whether the task made it in ia32 (compat) mode, and for an ia32 socketcall
 * the arguments of the socket call it carries. Direct-mode fillers
 * never see it set, as only 64-bit calls reach the __x64_sys_* functions they are attached to. */
struct talon_call {
	__u32 compat;
	__u32 socketcall; /* ia32 socketcall: the call's arguments are args, read from user memory */
	__u64 args[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct talon_call);
} call_state SEC(".maps");

/* One scratch area per CPU. A plain ARRAY indexed by CPU id, not a PERCPU_ARRAY, because per-CPU
 * values are limited to 32 KiB. max_entries is set to the number of possible CPUs before load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct talon_scratch);
} scratch SEC(".maps");

/* One ring per CPU (outer index = CPU id). Per-CPU rings keep producers on different CPUs from
 * contending for one ring's reservation lock, keep each ring in time order, and tell the consumer
 * which CPU an event came from (evt.cpu). User space creates the rings and sets max_entries. */
struct talon_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 64);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct talon_ring);
} ringbufs SEC(".maps");

static __always_inline struct talon_counters *counters_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline struct talon_call *call_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&call_state, &zero);
}

static __always_inline struct talon_settings *settings_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&settings, &zero);
}

static __always_inline struct talon_scratch *evt_begin(__u16 type, __u32 nparams)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct talon_scratch *s = bpf_map_lookup_elem(&scratch, &cpu);
	if (!s) {
		struct talon_counters *c = counters_get();
		if (c)
			c->drop_bug++;
		return NULL;
	}
	s->type = type;
	s->nparams = nparams;
	s->idx = 0;
	s->off = HDR_LEN + 2 * nparams;
	return s;
}

static __always_inline void put_len(struct talon_scratch *s, __u32 len)
{
	__u32 i = s->idx;
	*(__u16 *)&s->buf[HDR_LEN + 2 * (i & (MAX_PARAMS - 1))] = (__u16)len;
	s->idx = i + 1;
}

static __always_inline void note_truncated(void)
{
	struct talon_counters *c = counters_get();
	if (c)
		c->truncated++;
}

static __always_inline void note_fault(void)
{
	struct talon_counters *c = counters_get();
	if (c)
		c->read_faults++;
}

/* An empty parameter (length 0): what the schema calls absent, rendered <NA>. */
static __always_inline void evt_empty(struct talon_scratch *s)
{
	put_len(s, 0);
}

#define DEFINE_EVT_FIXED(name, type)                                        \
	static __always_inline void name(struct talon_scratch *s, type v)   \
	{                                                                   \
		__u32 off = s->off;                                         \
		if (off > EVT_MAX - sizeof(type)) {                         \
			note_truncated();                                   \
			put_len(s, 0);                                      \
			return;                                             \
		}                                                           \
		*(type *)&s->buf[off & EVT_MASK] = v;                       \
		s->off = off + sizeof(type);                                \
		put_len(s, sizeof(type));                                   \
	}

DEFINE_EVT_FIXED(evt_u64, __u64)
DEFINE_EVT_FIXED(evt_u32, __u32)
DEFINE_EVT_FIXED(evt_u16, __u16)
DEFINE_EVT_FIXED(evt_u8, __u8)

static __always_inline __u32 evt_room(struct talon_scratch *s, __u32 max)
{
	__u32 off = s->off;
	if (off >= EVT_MAX)
		return 0;
	__u32 room = EVT_MAX - off;
	return room < max ? room : max;
}

/* A NUL-terminated string (PT_CHARBUF / PT_FSPATH / PT_FSRELPATH) read from user or kernel
 * memory; the length counts the NUL. Returns the stored length. */
static __always_inline __u32 evt_str(struct talon_scratch *s, const void *p, __u32 max, bool user)
{
	if (!p) {
		put_len(s, 0);
		return 0;
	}
	__u32 off = s->off;
	__u32 n = evt_room(s, max) & EVT_MASK;
	long r = user ? bpf_probe_read_user_str(&s->buf[off & EVT_MASK], n, p)
		      : bpf_probe_read_kernel_str(&s->buf[off & EVT_MASK], n, p);
	if (r <= 0) {
		if (n)
			note_fault();
		else
			note_truncated();
		put_len(s, 0);
		return 0;
	}
	if ((__u32)r == n && n < max)
		note_truncated();
	s->off = off + (__u32)r;
	put_len(s, (__u32)r);
	return (__u32)r;
}

/* Raw bytes (PT_BYTEBUF) of length len, cut to max and to the room left. */
static __always_inline void evt_bytes(struct talon_scratch *s, const void *p, __u64 len, __u32 max, bool user)
{
	if (!p || len == 0) {
		put_len(s, 0);
		return;
	}
	__u32 off = s->off;
	__u32 n = evt_room(s, max);
	if (len < n)
		n = (__u32)len;
	else if (n < max && len > n)
		note_truncated();
	n &= EVT_MASK;
	long err = user ? bpf_probe_read_user(&s->buf[off & EVT_MASK], n, p)
			: bpf_probe_read_kernel(&s->buf[off & EVT_MASK], n, p);
	if (err) {
		note_fault();
		put_len(s, 0);
		return;
	}
	s->off = off + n;
	put_len(s, n);
}

/* Writes the header and copies the event into this CPU's ring. */
static __always_inline void evt_submit(struct talon_scratch *s)
{
	struct talon_counters *c = counters_get();
	if (!c)
		return;
	__u32 len = s->off;
	if (s->idx != s->nparams || len > EVT_MAX || len < HDR_LEN) {
		c->drop_bug++;
		return;
	}
	struct talon_settings *cfg = settings_get();
	__u64 boot_time = cfg ? cfg->boot_time : 0;
	*(__u64 *)&s->buf[0] = boot_time + bpf_ktime_get_boot_ns();
	*(__u64 *)&s->buf[8] = (__u32)bpf_get_current_pid_tgid();
	*(__u32 *)&s->buf[16] = len;
	*(__u16 *)&s->buf[20] = (__u16)s->type;
	*(__u32 *)&s->buf[22] = s->nparams;

	__u32 cpu = bpf_get_smp_processor_id();
	void *ring = bpf_map_lookup_elem(&ringbufs, &cpu);
	if (!ring) {
		c->drop_no_ring++;
		return;
	}
	/* The kernel's default wakes the consumer whenever it has caught up, which for a consumer that
	 * keeps up means an irq_work and a wakeup per event, the largest cost of a busy capture. The
	 * consumer polls on a short timer instead (RingBufferSource.POLL_MILLIS), so events are never
	 * signalled when user space asked for that (poll_only; tiny test rings keep the default). */
	__u64 flags = cfg && cfg->poll_only ? BPF_RB_NO_WAKEUP : 0;
	if (bpf_ringbuf_output(ring, s->buf, len, flags))
		c->drop_ring_full++;
	else
		c->n_evts++;
}
