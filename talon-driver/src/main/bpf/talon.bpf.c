// SPDX-License-Identifier: GPL-2.0
/* Talon CO-RE probe.
 *
 * Only syscall *exit* is instrumented: the current libs schema puts every parameter in the exit
 * event, and on x86_64 the argument registers saved in pt_regs are still intact at sys_exit
 * (only ax is overwritten by the return value), so one hook per syscall is enough and halves the
 * overhead of an enter+exit pair. The exceptions are handled by sched tracepoints:
 *   - a successful execve replaces the registers and the address space, so its exit event is
 *     built at sched_process_exec, where the new image (argv, env, exe file) is in place;
 *   - process exit is reported from sched_process_exit (PPME_PROCEXIT_1_E).
 *
 * Dispatch: talon_sys_exit checks the "interesting" map, then tail-calls the filler registered
 * for the native syscall number in exit_fillers; syscalls without a filler fall through to the
 * generic event (PPME_GENERIC_X carrying the ppm_sc id). Tail calls keep each filler a separate
 * program for the verifier, so adding fillers does not grow one program's complexity. A small
 * selection can instead run each filler as an fexit program of its own syscall (direct mode, see the
 * dispatch section). */

#include "talon_task.h"

char LICENSE[] SEC("license") = "GPL";

/* A syscall's six arguments, copied once from the registers by the filler wrapper: x86_64 passes them
 * in di, si, dx, r10, r8, r9; an ia32 (compat) call in bx, cx, dx, si, di, bp, 32 bits each. Fillers
 * read arguments only through argN(), so one body serves both ABIs. */
struct talon_args {
	__u64 a[6];
	bool compat; /* ia32 call: user pointers and longs in structs are 32 bits */
};

static __always_inline long arg0(const struct talon_args *r) { return (long)r->a[0]; }
static __always_inline long arg1(const struct talon_args *r) { return (long)r->a[1]; }
static __always_inline long arg2(const struct talon_args *r) { return (long)r->a[2]; }
static __always_inline long arg3(const struct talon_args *r) { return (long)r->a[3]; }
static __always_inline long arg4(const struct talon_args *r) { return (long)r->a[4]; }
static __always_inline long arg5(const struct talon_args *r) { return (long)r->a[5]; }
static __always_inline long syscall_nr(struct pt_regs *r) { return (long)r->orig_ax; }

/* regs is a trusted BTF pointer in tp_btf and fexit programs: plain (CO-RE relocated) loads, no helper call.
 * call is what the dispatcher passed on (NULL or zeroed in direct mode: a 64-bit call). */
static __always_inline void load_args(struct talon_args *a, struct pt_regs *regs, const struct talon_call *call)
{
	bool compat = call && call->compat;
	a->compat = compat;
	if (compat && call->socketcall) {
		for (int i = 0; i < 6; i++)
			a->a[i] = call->args[i];
	} else if (compat) {
		a->a[0] = (__u32)regs->bx;
		a->a[1] = (__u32)regs->cx;
		a->a[2] = (__u32)regs->dx;
		a->a[3] = (__u32)regs->si;
		a->a[4] = (__u32)regs->di;
		a->a[5] = (__u32)regs->bp;
	} else {
		a->a[0] = regs->di;
		a->a[1] = regs->si;
		a->a[2] = regs->dx;
		a->a[3] = regs->r10;
		a->a[4] = regs->r8;
		a->a[5] = regs->r9;
	}
}

/* pread64/pwrite64's position, argument 3: an ia32 call passes it as two 32-bit halves, low first. */
static __always_inline __u64 arg_pos3(const struct talon_args *r)
{
	return r->compat ? r->a[3] | r->a[4] << 32 : r->a[3];
}

/* Registers hold 64 bits; an int argument (fd, dirfd, pid) is the sign-extended low half. */
#define AS_INT(x) ((__s64)(__s32)(x))

static __always_inline bool capture_current(void)
{
	struct talon_settings *cfg = settings_get();
	if (cfg && cfg->ignored_tgid && cfg->ignored_tgid == (__u32)(bpf_get_current_pid_tgid() >> 32))
		return false;
	return true;
}

/* The interesting-table bits of syscall number nr (INTERESTING_X64 | INTERESTING_IA32), 0 if none. */
static __always_inline __u8 interest_of(long nr)
{
	if (nr < 0 || nr >= TALON_SYSCALL_MAX)
		return 0;
	__u32 key = (__u32)nr;
	__u8 *on = bpf_map_lookup_elem(&interesting, &key);
	return on ? *on : 0;
}

static __always_inline bool is_interesting(long nr)
{
	return interest_of(nr) & INTERESTING_X64;
}

/* The native x86_64 number of ia32 syscall nr, or -1 when it has none (see build.sh). */
static __always_inline long x64_nr_of_ia32(long nr)
{
	if (nr < 0 || nr >= TALON_IA32_MAX)
		return -1;
	return (long)talon_x64_nr_of_ia32[nr & (TALON_IA32_MAX - 1)] - 1;
}

/* ia32 socketcall(call, args): the socket calls of 32-bit programs (i386 glibc built for kernels before
 * 4.3 makes them all this way). call is SYS_SOCKET (1) .. SYS_SENDMMSG (20) of linux/net.h; send and
 * recv are sendto and recvfrom without an address. -1 for an unknown call. */
static __always_inline long x64_nr_of_socketcall(__u32 call)
{
	switch (call) {
	case 1: return TALON_NR_socket;
	case 2: return TALON_NR_bind;
	case 3: return TALON_NR_connect;
	case 4: return TALON_NR_listen;
	case 5: return TALON_NR_accept;
	case 6: return TALON_NR_getsockname;
	case 7: return TALON_NR_getpeername;
	case 8: return TALON_NR_socketpair;
	case 9: case 11: return TALON_NR_sendto;
	case 10: case 12: return TALON_NR_recvfrom;
	case 13: return TALON_NR_shutdown;
	case 14: return TALON_NR_setsockopt;
	case 15: return TALON_NR_getsockopt;
	case 16: return TALON_NR_sendmsg;
	case 17: return TALON_NR_recvmsg;
	case 18: return TALON_NR_accept4;
	case 19: return TALON_NR_recvmmsg;
	case 20: return TALON_NR_sendmmsg;
	}
	return -1;
}

/* How many u32 arguments socketcall copies from user memory for each call (nargs[] in net/socket.c):
 * reading more could fault on an array that ends a page. */
static __always_inline int socketcall_nargs(__u32 call)
{
	switch (call) {
	case 4: case 13: return 2;
	case 1: case 2: case 3: case 5: case 6: case 7: case 16: case 17: return 3;
	case 8: case 9: case 10: case 18: case 20: return 4;
	case 14: case 15: case 19: return 5;
	case 11: case 12: return 6;
	}
	return 0;
}

/* Fills call with the arguments of an ia32 socketcall and returns the x86_64 syscall it stands for, or
 * -1 when it is unknown, not selected, or its arguments cannot be read. */
static __always_inline long socketcall_unpack(struct pt_regs *regs, struct talon_call *call)
{
	__u32 which = (__u32)regs->bx;
	long nr = x64_nr_of_socketcall(which);
	if (nr < 0 || !is_interesting(nr))
		return -1;
	__u32 v[6] = {};
	int n = socketcall_nargs(which);
	const void *uargs = (const void *)(unsigned long)(__u32)regs->cx;
	long r;
	switch (n) { /* constant sizes for the verifier */
	case 2: r = bpf_probe_read_user(v, 2 * sizeof(__u32), uargs); break;
	case 3: r = bpf_probe_read_user(v, 3 * sizeof(__u32), uargs); break;
	case 4: r = bpf_probe_read_user(v, 4 * sizeof(__u32), uargs); break;
	case 5: r = bpf_probe_read_user(v, 5 * sizeof(__u32), uargs); break;
	default: r = bpf_probe_read_user(v, 6 * sizeof(__u32), uargs); break;
	}
	if (r)
		return -1;
	for (int i = 0; i < 6; i++)
		call->args[i] = v[i];
	call->socketcall = 1;
	return nr;
}

static __always_inline bool task_in_compat_syscall(struct task_struct *t)
{
	return t->thread_info.status & H_TS_COMPAT;
}

/* Every filler starts here, whether the dispatcher tail-called it (sys_exit mode) or the kernel ran it
 * as an fexit program on the syscall's __x64_sys_* function (direct mode, see the dispatch section):
 * skip the consumer itself and count the syscall as seen. */
static __always_inline bool filler_enter(void)
{
	if (!capture_current())
		return false;
	struct talon_counters *c = counters_get();
	if (c)
		c->n_seen++;
	return true;
}

/* A filler: the program for one syscall's exit event. Its body sees the syscall's arguments (whichever
 * ABI the call used, see load_args) and return value; the wrapper runs filler_enter first, so no
 * filler can skip it. */
#define FILLER(name)                                                                      \
	static __always_inline int name##_body(const struct talon_args *regs, long ret);  \
	SEC("tp_btf/sys_exit")                                                            \
	int BPF_PROG(name, struct pt_regs *regs, long ret)                                \
	{                                                                                 \
		if (!filler_enter())                                                      \
			return 0;                                                         \
		struct talon_call *call = call_get();                                     \
		struct talon_args args;                                                   \
		load_args(&args, regs, call);                                             \
		return name##_body(&args, ret);                                           \
	}                                                                                 \
	static __always_inline int name##_body(const struct talon_args *regs, long ret)

/* ------------------------------------------------------------------ generic */

static __always_inline int emit_generic(long nr)
{
	struct talon_scratch *s = evt_begin(PPME_GENERIC_X, 2);
	if (!s)
		return 0;
	__u16 sc = 0;
	if (nr >= 0 && nr < TALON_SYSCALL_MAX)
		sc = talon_ppm_sc_of_nr[nr & (TALON_SYSCALL_MAX - 1)];
	evt_u16(s, sc);
	evt_u16(s, (__u16)nr);
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ files */

FILLER(open_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_OPEN_X, 6);
	if (!s)
		return 0;
	__u64 flags = arg1(regs);
	struct file_id id;
	struct file *f = fd_to_file(bpf_get_current_task_btf(), ret);
	file_id_of(f, &id);
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u32(s, open_flags_to_ppm(flags) | created_flag(ret, &id) | open_layer_flags(f));
	evt_u32(s, open_mode_to_ppm(flags, arg2(regs)));
	evt_u32(s, id.dev);
	evt_u64(s, id.ino);
	evt_submit(s);
	return 0;
}

FILLER(creat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CREAT_X, 6);
	if (!s)
		return 0;
	struct file_id id;
	struct file *f = fd_to_file(bpf_get_current_task_btf(), ret);
	file_id_of(f, &id);
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u32(s, (__u32)(arg1(regs) & 07777));
	evt_u32(s, id.dev);
	evt_u64(s, id.ino);
	evt_u16(s, (__u16)file_layer(f)); /* creat_flags: the layer the file is on */
	evt_submit(s);
	return 0;
}

FILLER(openat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_OPENAT_2_X, 7);
	if (!s)
		return 0;
	__u64 flags = arg2(regs);
	struct file_id id;
	struct file *f = fd_to_file(bpf_get_current_task_btf(), ret);
	file_id_of(f, &id);
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, open_flags_to_ppm(flags) | created_flag(ret, &id) | open_layer_flags(f));
	evt_u32(s, open_mode_to_ppm(flags, arg3(regs)));
	evt_u32(s, id.dev);
	evt_u64(s, id.ino);
	evt_submit(s);
	return 0;
}

FILLER(openat2_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_OPENAT2_X, 8);
	if (!s)
		return 0;
	struct open_how how = {};
	if (bpf_probe_read_user(&how, sizeof(how), (const void *)arg2(regs)))
		note_fault();
	struct file_id id;
	struct file *f = fd_to_file(bpf_get_current_task_btf(), ret);
	file_id_of(f, &id);
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, open_flags_to_ppm(how.flags) | created_flag(ret, &id) | open_layer_flags(f));
	evt_u32(s, open_mode_to_ppm(how.flags, how.mode));
	evt_u32(s, resolve_flags_to_ppm(how.resolve));
	evt_u32(s, id.dev);
	evt_u64(s, id.ino);
	evt_submit(s);
	return 0;
}

FILLER(close_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CLOSE_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_submit(s);
	return 0;
}

static __always_inline int emit_rw(__u16 type, const struct talon_args *regs, long ret, bool is_read)
{
	struct talon_scratch *s = evt_begin(type, 4);
	if (!s)
		return 0;
	struct talon_settings *cfg = settings_get();
	__u32 snaplen = cfg ? cfg->snaplen : 80;
	if (snaplen > EVT_MAX / 2)
		snaplen = EVT_MAX / 2;
	__u64 size = (__u64)arg2(regs);
	/* A read has data only when it returned some; a failed write still shows what it tried. */
	__u64 n = ret > 0 ? (__u64)ret : (is_read ? 0 : size);
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_bytes(s, (const void *)arg1(regs), n, EVT_MAX / 2, true);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (__u32)size);
	evt_submit(s);
	return 0;
}

FILLER(read_x)
{
	return emit_rw(PPME_SYSCALL_READ_X, regs, ret, true);
}

FILLER(write_x)
{
	return emit_rw(PPME_SYSCALL_WRITE_X, regs, ret, false);
}

FILLER(rename_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_RENAME_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

static __always_inline int emit_renameat(__u16 type, __u32 nparams, const struct talon_args *regs, long ret)
{
	struct talon_scratch *s = evt_begin(type, nparams);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u64(s, AS_INT(arg2(regs)));
	evt_str(s, (const void *)arg3(regs), MAX_PATH, true);
	if (nparams == 6) /* renameat2: RENAME_* values are already the portable ones */
		evt_u32(s, (__u32)arg4(regs));
	evt_submit(s);
	return 0;
}

FILLER(renameat_x)
{
	return emit_renameat(PPME_SYSCALL_RENAMEAT_X, 5, regs, ret);
}

FILLER(renameat2_x)
{
	return emit_renameat(PPME_SYSCALL_RENAMEAT2_X, 6, regs, ret);
}

FILLER(unlink_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_UNLINK_2_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(unlinkat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_UNLINKAT_2_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg2(regs) & 0x200); /* AT_REMOVEDIR has the same value in PPM */
	evt_submit(s);
	return 0;
}

/* Permission bits: the PPM chmod_mode values equal the Linux S_I* bits. */
#define MODE_BITS 07777

FILLER(mkdir_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MKDIR_2_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg1(regs));
	evt_submit(s);
	return 0;
}

FILLER(mkdirat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MKDIRAT_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

FILLER(rmdir_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_RMDIR_2_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(symlink_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SYMLINK_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

/* symlinkat(target, newdirfd, linkpath) */
FILLER(symlinkat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SYMLINKAT_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u64(s, AS_INT(arg1(regs)));
	evt_str(s, (const void *)arg2(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(link_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_LINK_2_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(linkat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_LINKAT_2_X, 6);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u64(s, AS_INT(arg2(regs)));
	evt_str(s, (const void *)arg3(regs), MAX_PATH, true);
	/* AT_SYMLINK_FOLLOW (0x400) and AT_EMPTY_PATH (0x1000) have the same PPM values */
	evt_u32(s, (__u32)arg4(regs) & (0x400 | 0x1000));
	evt_submit(s);
	return 0;
}

FILLER(chmod_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CHMOD_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg1(regs) & MODE_BITS);
	evt_submit(s);
	return 0;
}

FILLER(fchmod_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FCHMOD_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (__u32)arg1(regs) & MODE_BITS);
	evt_submit(s);
	return 0;
}

FILLER(fchmodat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FCHMODAT_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg2(regs) & MODE_BITS);
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ other descriptors */

/* The O_CLOEXEC/O_NONBLOCK/O_DIRECT-style flags of calls that make a descriptor without an access mode
 * (pipe2, eventfd2, signalfd4, inotify_init1, userfaultfd: their *_CLOEXEC and *_NONBLOCK are the O_
 * values): as PPM_O_* bits, without the O_RDONLY an access mode of 0 would otherwise read as. */
static __always_inline __u32 fd_flags_to_ppm(__u64 f)
{
	return open_flags_to_ppm(f) & ~3U;
}

/* pipe/pipe2(fds[2]): both ends and the pipe's inode, which pairs them in the state. */
static __always_inline int emit_pipe(__u16 type, __u32 nparams, const struct talon_args *regs, long ret)
{
	struct talon_scratch *s = evt_begin(type, nparams);
	if (!s)
		return 0;
	__s32 fds[2] = {-1, -1};
	__u64 ino = 0;
	if (ret >= 0) {
		if (bpf_probe_read_user(fds, sizeof(fds), (const void *)arg0(regs)))
			note_fault();
		struct file_id id;
		file_id_of(fd_to_file(bpf_get_current_task_btf(), fds[0]), &id);
		ino = id.ino;
	}
	evt_u64(s, ret);
	evt_u64(s, (__s64)fds[0]);
	evt_u64(s, (__s64)fds[1]);
	evt_u64(s, ino);
	if (nparams == 5)
		evt_u32(s, fd_flags_to_ppm(arg1(regs)));
	evt_submit(s);
	return 0;
}

FILLER(pipe_x)
{
	return emit_pipe(PPME_SYSCALL_PIPE_X, 4, regs, ret);
}

FILLER(pipe2_x)
{
	return emit_pipe(PPME_SYSCALL_PIPE2_X, 5, regs, ret);
}

/* eventfd(initval) and eventfd2(initval, flags): EFD_CLOEXEC/EFD_NONBLOCK are O_CLOEXEC/O_NONBLOCK. */
FILLER(eventfd_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_EVENTFD_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, (__u32)arg0(regs));
	evt_u32(s, 0);
	evt_submit(s);
	return 0;
}

FILLER(eventfd2_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_EVENTFD2_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u16(s, (__u16)fd_flags_to_ppm(arg1(regs)));
	evt_u64(s, (__u32)arg0(regs));
	evt_submit(s);
	return 0;
}

/* epoll_create(size), epoll_create1(flags): EPOLL_CLOEXEC (O_CLOEXEC) is PPM 1. */
FILLER(epoll_create_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_EPOLL_CREATE_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, (__u32)arg0(regs));
	evt_submit(s);
	return 0;
}

FILLER(epoll_create1_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_EPOLL_CREATE1_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, (arg0(regs) & H_O_CLOEXEC) ? 1 : 0);
	evt_submit(s);
	return 0;
}

/* signalfd(fd, mask, size) and signalfd4(fd, mask, size, flags): the first word of the mask. */
static __always_inline __u32 sigmask_word(const struct talon_args *regs)
{
	__u32 mask = 0;
	if (bpf_probe_read_user(&mask, sizeof(mask), (const void *)arg1(regs)))
		note_fault();
	return mask;
}

FILLER(signalfd_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SIGNALFD_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, sigmask_word(regs));
	evt_u8(s, 0);
	evt_submit(s);
	return 0;
}

FILLER(signalfd4_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SIGNALFD4_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u16(s, (__u16)fd_flags_to_ppm(arg3(regs)));
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, sigmask_word(regs));
	evt_submit(s);
	return 0;
}

FILLER(timerfd_create_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_TIMERFD_CREATE_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u8(s, (__u8)arg0(regs));
	evt_u8(s, (__u8)arg1(regs));
	evt_submit(s);
	return 0;
}

FILLER(inotify_init_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_INOTIFY_INIT_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u8(s, 0);
	evt_submit(s);
	return 0;
}

FILLER(inotify_init1_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_INOTIFY_INIT1_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u16(s, (__u16)fd_flags_to_ppm(arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(userfaultfd_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_USERFAULTFD_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, fd_flags_to_ppm(arg0(regs)));
	evt_submit(s);
	return 0;
}

/* pidfd_open(pid, flags): PIDFD_NONBLOCK (O_NONBLOCK) is PPM 1. */
FILLER(pidfd_open_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_PIDFD_OPEN_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (arg1(regs) & H_O_NONBLOCK) ? 1 : 0);
	evt_submit(s);
	return 0;
}

FILLER(pidfd_getfd_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_PIDFD_GETFD_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u64(s, AS_INT(arg1(regs)));
	evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

/* fcntl(fd, cmd, arg): cmd as its PPM_FCNTL_* code (F_DUPFD/F_DUPFD_CLOEXEC make a new descriptor). */
static __always_inline __u8 fcntl_cmd_to_ppm(long cmd)
{
	switch (cmd) {
	case 0: return 1;     /* F_DUPFD */
	case 1: return 2;     /* F_GETFD */
	case 2: return 3;     /* F_SETFD */
	case 3: return 4;     /* F_GETFL */
	case 4: return 5;     /* F_SETFL */
	case 5: return 6;     /* F_GETLK */
	case 6: return 8;     /* F_SETLK */
	case 7: return 9;     /* F_SETLKW */
	case 8: return 10;    /* F_SETOWN */
	case 9: return 12;    /* F_GETOWN */
	case 10: return 13;   /* F_SETSIG */
	case 11: return 15;   /* F_GETSIG */
	case 15: return 21;   /* F_SETOWN_EX */
	case 16: return 22;   /* F_GETOWN_EX */
	case 36: return 30;   /* F_OFD_GETLK */
	case 37: return 31;   /* F_OFD_SETLK */
	case 38: return 32;   /* F_OFD_SETLKW */
	case 1024: return 23; /* F_SETLEASE */
	case 1025: return 24; /* F_GETLEASE */
	case 1026: return 27; /* F_NOTIFY */
	case 1029: return 25; /* F_CANCELLK */
	case 1030: return 26; /* F_DUPFD_CLOEXEC */
	case 1031: return 28; /* F_SETPIPE_SZ */
	case 1032: return 29; /* F_GETPIPE_SZ */
	}
	return 0;
}

FILLER(fcntl_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FCNTL_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u8(s, fcntl_cmd_to_ppm(arg1(regs)));
	evt_u64(s, (__u64)arg2(regs));
	evt_submit(s);
	return 0;
}

/* close_range(first, last, flags): CLOSE_RANGE_UNSHARE (2) and CLOSE_RANGE_CLOEXEC (4) keep their values. */
FILLER(close_range_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CLOSE_RANGE_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, (__u32)arg0(regs));
	evt_u32(s, (__u32)arg1(regs));
	evt_u32(s, (__u32)arg2(regs) & 6);
	evt_submit(s);
	return 0;
}

FILLER(chroot_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CHROOT_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(dup_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_DUP_1_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(dup2_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_DUP2_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u64(s, AS_INT(arg1(regs)));
	evt_submit(s);
	return 0;
}

FILLER(dup3_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_DUP3_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u64(s, AS_INT(arg1(regs)));
	evt_u32(s, (arg2(regs) & H_O_CLOEXEC) ? PPM_O_CLOEXEC : 0); /* O_CLOEXEC is dup3's only flag */
	evt_submit(s);
	return 0;
}

/* init_module(image, len, uargs): the image is module bytes, kept up to the snaplen like I/O data. */
FILLER(init_module_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_INIT_MODULE_X, 4);
	if (!s)
		return 0;
	struct talon_settings *cfg = settings_get();
	__u32 snaplen = cfg ? cfg->snaplen : 80;
	if (snaplen > EVT_MAX / 2)
		snaplen = EVT_MAX / 2;
	__u64 len = (__u64)arg1(regs);
	evt_u64(s, ret);
	evt_bytes(s, (const void *)arg0(regs), len < snaplen ? len : snaplen, EVT_MAX / 2, true);
	evt_u64(s, len);
	evt_str(s, (const void *)arg2(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(finit_module_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FINIT_MODULE_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	/* MODULE_INIT_IGNORE_MODVERSIONS/IGNORE_VERMAGIC/COMPRESSED_FILE have the same PPM values */
	evt_u32(s, (__u32)arg2(regs) & 7);
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ network */

FILLER(socket_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_SOCKET_X, 5);
	if (!s)
		return 0;
	__u32 type = (__u32)arg1(regs);
	__u32 flags = 0;
	if (type & H_O_NONBLOCK) /* SOCK_NONBLOCK */
		flags |= PPM_O_NONBLOCK;
	if (type & H_O_CLOEXEC) /* SOCK_CLOEXEC */
		flags |= PPM_O_CLOEXEC;
	evt_u64(s, ret);
	evt_u32(s, (__u32)arg0(regs)); /* PPM_AF_* values equal the Linux AF_* ones */
	evt_u32(s, type);
	evt_u32(s, (__u32)arg2(regs));
	evt_u32(s, flags);
	evt_submit(s);
	return 0;
}

FILLER(bind_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_BIND_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_sockaddr_user(s, (const void *)arg1(regs), arg2(regs));
	evt_u64(s, AS_INT(arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(connect_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_CONNECT_X, 4);
	if (!s)
		return 0;
	long fd = AS_INT(arg0(regs));
	evt_u64(s, ret);
	/* -EINPROGRESS (-115): a non-blocking connect already has its local address. */
	if (ret == 0 || ret == -115)
		evt_socktuple(s, fd_to_file(bpf_get_current_task_btf(), fd), false);
	else
		evt_empty(s);
	evt_u64(s, fd);
	evt_sockaddr_user(s, (const void *)arg1(regs), arg2(regs));
	evt_submit(s);
	return 0;
}

static __always_inline __u32 snaplen_get(void)
{
	struct talon_settings *cfg = settings_get();
	__u32 snaplen = cfg ? cfg->snaplen : 80;
	return snaplen > EVT_MAX / 2 ? EVT_MAX / 2 : snaplen;
}

FILLER(sendto_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_SENDTO_X, 5);
	if (!s)
		return 0;
	long fd = AS_INT(arg0(regs));
	__u64 size = (__u64)arg2(regs);
	/* like write: a failed send still shows what it tried to send */
	__u64 n = ret > 0 ? (__u64)ret : size;
	__u32 snaplen = snaplen_get();
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_bytes(s, (const void *)arg1(regs), n, EVT_MAX / 2, true);
	evt_u64(s, fd);
	evt_u32(s, (__u32)size);
	if (ret >= 0)
		evt_socktuple_to(s, fd_to_file(bpf_get_current_task_btf(), fd), false, (const void *)arg4(regs),
				 (__u64)arg5(regs));
	else
		evt_empty(s);
	evt_submit(s);
	return 0;
}

#define MAX_IOV 8 /* iovecs walked for data and size, like a snaplen it bounds the work */

/* Entry i of a user iovec array; an ia32 task's entries are two u32 (struct compat_iovec). 0 on success. */
static __always_inline long read_iov(const void *iov, int i, bool compat, struct iovec *v)
{
	if (compat) {
		__u32 c[2] = {};
		long r = bpf_probe_read_user(c, sizeof(c), (const __u32 *)iov + 2 * i);
		v->iov_base = (void *)(unsigned long)c[0];
		v->iov_len = c[1];
		return r;
	}
	return bpf_probe_read_user(v, sizeof(*v), (const struct iovec *)iov + i);
}

/* A user struct msghdr; an ia32 task's is struct compat_msghdr (32-bit pointers and lengths). */
static __always_inline long read_msghdr(const void *uptr, bool compat, struct user_msghdr *msg)
{
	if (compat) {
		__u32 c[7] = {}; /* name, namelen, iov, iovlen, control, controllen, flags */
		long r = bpf_probe_read_user(c, sizeof(c), uptr);
		msg->msg_name = (void *)(unsigned long)c[0];
		msg->msg_namelen = (int)c[1];
		msg->msg_iov = (struct iovec *)(unsigned long)c[2];
		msg->msg_iovlen = c[3];
		msg->msg_control = (void *)(unsigned long)c[4];
		msg->msg_controllen = c[5];
		msg->msg_flags = c[6];
		return r;
	}
	return bpf_probe_read_user(msg, sizeof(*msg), uptr);
}

/* State of an iovec walk (bpf_loop bodies below: the verifier checks a body once, where the unrolled
 * loops these replace made it follow every combination of lengths; sendmsg_x took 145 ms to verify). */
struct iov_walk {
	struct talon_scratch *s;
	const void *iov;
	__u64 size;  /* iov_size_one: the lengths added up */
	__u32 start; /* iov_data_one: where the data starts in s->buf */
	__u32 got;   /* iov_data_one: bytes copied */
	__u32 want;
	bool compat;
};

/* bpf_loop body: adds iovec index's length. */
static long iov_size_one(__u32 index, void *arg)
{
	struct iov_walk *w = arg;
	struct iovec v;
	if (read_iov(w->iov, index, w->compat, &v))
		return 1;
	w->size += v.iov_len;
	return 0;
}

/* bpf_loop body: copies what is still wanted of iovec index's data. */
static long iov_data_one(__u32 index, void *arg)
{
	struct iov_walk *w = arg;
	struct talon_scratch *s = w->s;
	__u32 got = w->got;
	if (got >= w->want)
		return 1;
	struct iovec v;
	if (read_iov(w->iov, index, w->compat, &v)) {
		note_fault();
		return 1;
	}
	__u32 off = w->start + got;
	if (off >= EVT_MAX) {
		note_truncated();
		return 1;
	}
	__u32 n = w->want - got;
	if (v.iov_len < n)
		n = (__u32)v.iov_len;
	if (n > EVT_MAX - off)
		n = EVT_MAX - off;
	n &= EVT_MASK;
	/* clang knows off < EVT_MAX here and would drop the mask the verifier needs */
	asm volatile("" : "+r"(off));
	if (n && bpf_probe_read_user(&s->buf[off & EVT_MASK], n, v.iov_base)) {
		note_fault();
		return 1;
	}
	w->got = got + n;
	return 0;
}

static __always_inline __u32 iov_count(__u64 iovcnt)
{
	return iovcnt < MAX_IOV ? (__u32)iovcnt : MAX_IOV;
}

/* The first want bytes of an iovec array as one PT_BYTEBUF. */
static __always_inline void evt_iov(struct talon_scratch *s, const void *iov, __u64 iovcnt, __u32 want, bool compat)
{
	struct iov_walk w = {.s = s, .iov = iov, .start = s->off, .want = want, .compat = compat};
	bpf_loop(iov_count(iovcnt), iov_data_one, &w, 0);
	s->off = w.start + w.got;
	put_len(s, w.got);
}

/* The sum of the first MAX_IOV iovec lengths: the size a sendmsg/recvmsg asked for. */
static __always_inline __u64 iov_total(const void *iov, __u64 iovcnt, bool compat)
{
	struct iov_walk w = {.iov = iov, .compat = compat};
	bpf_loop(iov_count(iovcnt), iov_size_one, &w, 0);
	return w.size;
}

/* recvfrom(fd, buf, len, flags, src_addr, addrlen): at exit the kernel has filled src_addr, so an
 * unconnected socket's peer is known; the tuple reads peer -> local like accept's. */
FILLER(recvfrom_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_RECVFROM_X, 5);
	if (!s)
		return 0;
	long fd = AS_INT(arg0(regs));
	__u32 snaplen = snaplen_get();
	__u64 n = ret > 0 ? (__u64)ret : 0;
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_bytes(s, (const void *)arg1(regs), n, EVT_MAX / 2, true);
	if (ret >= 0) {
		__u32 alen = 0;
		const void *lenp = (const void *)arg5(regs);
		if (lenp && bpf_probe_read_user(&alen, sizeof(alen), lenp))
			alen = 0;
		evt_socktuple_to(s, fd_to_file(bpf_get_current_task_btf(), fd), true, (const void *)arg4(regs), alen);
	} else {
		evt_empty(s);
	}
	evt_u64(s, fd);
	evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

FILLER(recvmsg_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_RECVMSG_X, 6);
	if (!s)
		return 0;
	long fd = AS_INT(arg0(regs));
	struct user_msghdr msg = {};
	if (read_msghdr((const void *)arg1(regs), regs->compat, &msg))
		note_fault();
	__u32 snaplen = snaplen_get();
	__u64 n = ret > 0 ? (__u64)ret : 0;
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_u32(s, (__u32)iov_total(msg.msg_iov, msg.msg_iovlen, regs->compat));
	evt_iov(s, msg.msg_iov, msg.msg_iovlen, (__u32)n, regs->compat);
	if (ret >= 0)
		evt_socktuple_to(s, fd_to_file(bpf_get_current_task_btf(), fd), true, msg.msg_name,
				 msg.msg_namelen > 0 ? (__u64)msg.msg_namelen : 0);
	else
		evt_empty(s);
	/* msg_controllen was updated by the kernel to what it wrote */
	evt_bytes(s, msg.msg_control, ret >= 0 ? msg.msg_controllen : 0, 512, true);
	evt_u64(s, fd);
	evt_submit(s);
	return 0;
}

FILLER(sendmsg_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_SENDMSG_X, 5);
	if (!s)
		return 0;
	long fd = AS_INT(arg0(regs));
	struct user_msghdr msg = {};
	if (read_msghdr((const void *)arg1(regs), regs->compat, &msg))
		note_fault();
	__u64 size = iov_total(msg.msg_iov, msg.msg_iovlen, regs->compat);
	__u64 n = ret > 0 ? (__u64)ret : size;
	__u32 snaplen = snaplen_get();
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_iov(s, msg.msg_iov, msg.msg_iovlen, (__u32)n, regs->compat);
	evt_u64(s, fd);
	evt_u32(s, (__u32)size);
	if (ret >= 0)
		evt_socktuple_to(s, fd_to_file(bpf_get_current_task_btf(), fd), false, msg.msg_name,
				 msg.msg_namelen > 0 ? (__u64)msg.msg_namelen : 0);
	else
		evt_empty(s);
	evt_submit(s);
	return 0;
}

static __always_inline int emit_chown(__u16 type, const struct talon_args *regs, long ret)
{
	struct talon_scratch *s = evt_begin(type, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	if (type == PPME_SYSCALL_FCHOWN_X)
		evt_u64(s, AS_INT(arg0(regs)));
	else
		evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg1(regs));
	evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

FILLER(chown_x)
{
	return emit_chown(PPME_SYSCALL_CHOWN_X, regs, ret);
}

FILLER(lchown_x)
{
	return emit_chown(PPME_SYSCALL_LCHOWN_X, regs, ret);
}

FILLER(fchown_x)
{
	return emit_chown(PPME_SYSCALL_FCHOWN_X, regs, ret);
}

FILLER(fchownat_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FCHOWNAT_X, 6);
	if (!s)
		return 0;
	__u32 f = (__u32)arg4(regs);
	__u32 flags = 0;
	if (f & 0x100) /* AT_SYMLINK_NOFOLLOW */
		flags |= 0x400;
	if (f & 0x1000) /* AT_EMPTY_PATH */
		flags |= 0x1000;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_u32(s, (__u32)arg2(regs));
	evt_u32(s, (__u32)arg3(regs));
	evt_u32(s, flags);
	evt_submit(s);
	return 0;
}

/* pread64/pwrite64(fd, buf, count, pos): read/write plus the position. */
static __always_inline int emit_prw(__u16 type, const struct talon_args *regs, long ret, bool is_read)
{
	struct talon_scratch *s = evt_begin(type, 5);
	if (!s)
		return 0;
	__u32 snaplen = snaplen_get();
	__u64 size = (__u64)arg2(regs);
	__u64 n = ret > 0 ? (__u64)ret : (is_read ? 0 : size);
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_bytes(s, (const void *)arg1(regs), n, EVT_MAX / 2, true);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (__u32)size);
	evt_u64(s, arg_pos3(regs));
	evt_submit(s);
	return 0;
}

FILLER(pread64_x)
{
	return emit_prw(PPME_SYSCALL_PREAD_X, regs, ret, true);
}

FILLER(pwrite64_x)
{
	return emit_prw(PPME_SYSCALL_PWRITE_X, regs, ret, false);
}

FILLER(readv_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_READV_X, 4);
	if (!s)
		return 0;
	const struct iovec *iov = (const struct iovec *)arg1(regs);
	__u64 cnt = (__u64)arg2(regs);
	__u32 snaplen = snaplen_get();
	__u64 n = ret > 0 ? (__u64)ret : 0;
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_u32(s, (__u32)iov_total(iov, cnt, regs->compat));
	evt_iov(s, iov, cnt, (__u32)n, regs->compat);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(writev_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_WRITEV_X, 4);
	if (!s)
		return 0;
	const struct iovec *iov = (const struct iovec *)arg1(regs);
	__u64 cnt = (__u64)arg2(regs);
	__u64 size = iov_total(iov, cnt, regs->compat);
	__u32 snaplen = snaplen_get();
	__u64 n = ret > 0 ? (__u64)ret : size;
	if (n > snaplen)
		n = snaplen;
	evt_u64(s, ret);
	evt_iov(s, iov, cnt, (__u32)n, regs->compat);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (__u32)size);
	evt_submit(s);
	return 0;
}

FILLER(listen_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_LISTEN_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, (__u32)arg1(regs));
	evt_submit(s);
	return 0;
}

FILLER(shutdown_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_SHUTDOWN_X, 3);
	if (!s)
		return 0;
	__u64 how = (__u64)arg1(regs);
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u8(s, how <= 2 ? (__u8)how : 0xff); /* SHUT_RD/WR/RDWR keep their values, else unknown */
	evt_submit(s);
	return 0;
}

/* socketpair(domain, type, protocol, sv): the two fds are read back from sv; source and peer
 * are the kernel socket addresses of the first end and its peer, as libs reports them. */
FILLER(socketpair_x)
{
	struct talon_scratch *s = evt_begin(PPME_SOCKET_SOCKETPAIR_X, 8);
	if (!s)
		return 0;
	__s32 fds[2] = {-1, -1};
	__u64 source = 0, peer = 0;
	if (ret >= 0) {
		if (bpf_probe_read_user(fds, sizeof(fds), (const void *)arg3(regs)))
			note_fault();
		struct file *f = fd_to_file(bpf_get_current_task_btf(), fds[0]);
		struct socket *sock = f ? BPF_CORE_READ(f, private_data) : NULL;
		struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
		if (sk) {
			source = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	evt_u64(s, ret);
	evt_u64(s, (__s64)fds[0]);
	evt_u64(s, (__s64)fds[1]);
	evt_u64(s, source);
	evt_u64(s, peer);
	evt_u32(s, (__u32)arg0(regs));
	evt_u32(s, (__u32)arg1(regs));
	evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

static __always_inline int emit_accept(__u16 type, __u32 nparams, const struct talon_args *regs, long ret)
{
	struct talon_scratch *s = evt_begin(type, nparams);
	if (!s)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	evt_u64(s, ret);
	if (ret >= 0)
		evt_socktuple(s, fd_to_file(t, ret), true);
	else
		evt_empty(s);
	/* Backlog of the listening socket: how full the accept queue was. */
	__u32 qlen = 0, qmax = 0;
	struct file *lf = fd_to_file(t, AS_INT(arg0(regs)));
	if (lf) {
		struct socket *ls = BPF_CORE_READ(lf, private_data);
		struct sock *lsk = BPF_CORE_READ(ls, sk);
		if (lsk) {
			qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
			qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
		}
	}
	evt_u8(s, qmax ? (__u8)((qlen * 100) / qmax) : 0);
	evt_u32(s, qlen);
	evt_u32(s, qmax);
	if (nparams == 6)
		evt_u32(s, (__u32)arg3(regs));
	evt_submit(s);
	return 0;
}

FILLER(accept_x)
{
	return emit_accept(PPME_SOCKET_ACCEPT_5_X, 5, regs, ret);
}

FILLER(accept4_x)
{
	return emit_accept(PPME_SOCKET_ACCEPT4_6_X, 6, regs, ret);
}

/* ------------------------------------------------------------------ identity, signals */

/* setuid/setgid(id), setreuid/setregid(r, e) and setresuid/setresgid(r, e, s): the result and the
 * nids ids asked for (-1 = unchanged). */
static __always_inline int emit_set_ids(__u16 type, __u32 nids, const struct talon_args *regs, long ret)
{
	struct talon_scratch *s = evt_begin(type, 1 + nids);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, (__u32)arg0(regs));
	if (nids >= 2)
		evt_u32(s, (__u32)arg1(regs));
	if (nids == 3)
		evt_u32(s, (__u32)arg2(regs));
	evt_submit(s);
	return 0;
}

FILLER(setuid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETUID_X, 1, regs, ret);
}

FILLER(setgid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETGID_X, 1, regs, ret);
}

FILLER(setresuid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETRESUID_X, 3, regs, ret);
}

FILLER(setresgid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETRESGID_X, 3, regs, ret);
}

FILLER(setreuid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETREUID_X, 2, regs, ret);
}

FILLER(setregid_x)
{
	return emit_set_ids(PPME_SYSCALL_SETREGID_X, 2, regs, ret);
}

/* setsid: the new session id, or an error. */
FILLER(setsid_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SETSID_X, 1);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_submit(s);
	return 0;
}

/* chdir(path): the path as given (libsinsp resolves a relative one against the cwd it tracks). */
FILLER(chdir_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CHDIR_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(fchdir_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_FCHDIR_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(kill_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_KILL_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u8(s, (__u8)arg1(regs));
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ namespaces, tracing, memfd, mounts */

FILLER(setns_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_SETNS_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, AS_INT(arg0(regs)));
	evt_u32(s, clone_flags_to_ppm((__u32)arg1(regs)));
	evt_submit(s);
	return 0;
}

FILLER(unshare_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_UNSHARE_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, clone_flags_to_ppm((__u32)arg0(regs)));
	evt_submit(s);
	return 0;
}

FILLER(memfd_create_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MEMFD_CREATE_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	/* MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB have the same PPM values */
	evt_u32(s, (__u32)arg1(regs) & (1 | 2 | 4));
	evt_submit(s);
	return 0;
}

/* Linux PTRACE_* request -> PPM_PTRACE_* (flag-tables.tsv ptrace_requests); 0 = PPM_PTRACE_UNKNOWN. */
static __always_inline __u16 ptrace_request_to_ppm(long req)
{
	switch (req) {
	case 0: return 1;   /* TRACEME */
	case 1: return 2;   /* PEEKTEXT */
	case 2: return 3;   /* PEEKDATA */
	case 3: return 4;   /* PEEKUSR */
	case 4: return 5;   /* POKETEXT */
	case 5: return 6;   /* POKEDATA */
	case 6: return 7;   /* POKEUSR */
	case 7: return 8;   /* CONT */
	case 8: return 9;   /* KILL */
	case 9: return 10;  /* SINGLESTEP */
	case 12: return 26; /* GETREGS */
	case 13: return 27; /* SETREGS */
	case 14: return 28; /* GETFPREGS */
	case 15: return 29; /* SETFPREGS */
	case 16: return 11; /* ATTACH */
	case 17: return 12; /* DETACH */
	case 18: return 30; /* GETFPXREGS */
	case 19: return 31; /* SETFPXREGS */
	case 21: return 32; /* OLDSETOPTIONS */
	case 24: return 13; /* SYSCALL */
	case 25: return 33; /* GET_THREAD_AREA */
	case 26: return 34; /* SET_THREAD_AREA */
	case 30: return 35; /* ARCH_PRCTL */
	case 31: return 36; /* SYSEMU */
	case 32: return 37; /* SYSEMU_SINGLESTEP */
	case 33: return 38; /* SINGLEBLOCK */
	case 0x4200: return 14; /* SETOPTIONS */
	case 0x4201: return 15; /* GETEVENTMSG */
	case 0x4202: return 16; /* GETSIGINFO */
	case 0x4203: return 17; /* SETSIGINFO */
	case 0x4204: return 18; /* GETREGSET */
	case 0x4205: return 19; /* SETREGSET */
	case 0x4206: return 20; /* SEIZE */
	case 0x4207: return 21; /* INTERRUPT */
	case 0x4208: return 22; /* LISTEN */
	case 0x4209: return 23; /* PEEKSIGINFO */
	case 0x420a: return 24; /* GETSIGMASK */
	case 0x420b: return 25; /* SETSIGMASK */
	default: return 0;
	}
}

#define PPM_PTRACE_IDX_UINT64 0
#define PPM_PTRACE_IDX_SIGTYPE 1

/* A PT_DYN parameter: one index byte naming the variant (dynamic-params.tsv), then its value. */
static __always_inline void evt_dyn_u64(struct talon_scratch *s, __u8 idx, __u64 v)
{
	__u32 off = s->off;
	if (off > EVT_MAX - 9) {
		note_truncated();
		put_len(s, 0);
		return;
	}
	s->buf[off & EVT_MASK] = idx;
	__builtin_memcpy(&s->buf[(off + 1) & EVT_MASK], &v, sizeof(v));
	s->off = off + 9;
	put_len(s, 9);
}

static __always_inline void evt_dyn_u8(struct talon_scratch *s, __u8 idx, __u8 v)
{
	__u32 off = s->off;
	if (off > EVT_MAX - 2) {
		note_truncated();
		put_len(s, 0);
		return;
	}
	s->buf[off & EVT_MASK] = idx;
	s->buf[(off + 1) & EVT_MASK] = v;
	s->off = off + 2;
	put_len(s, 2);
}

/* Like the libs drivers: a failed call reports 0 for addr and data; PEEK* report the word read
 * (which the kernel stored at *data); CONT/SINGLESTEP/DETACH/SYSCALL report data as the signal
 * delivered; every other request reports the raw data argument. */
FILLER(ptrace_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_PTRACE_X, 5);
	if (!s)
		return 0;
	__u16 req = ptrace_request_to_ppm(arg0(regs));
	__u64 data = (__u64)arg3(regs);
	evt_u64(s, ret);
	evt_dyn_u64(s, PPM_PTRACE_IDX_UINT64, ret < 0 ? 0 : (__u64)arg2(regs));
	if (ret < 0) {
		evt_dyn_u64(s, PPM_PTRACE_IDX_UINT64, 0);
	} else if (req >= 2 && req <= 4) { /* PEEKTEXT, PEEKDATA, PEEKUSR */
		__u64 word = 0; /* a long: 32 bits for an ia32 tracer */
		if (regs->compat ? bpf_probe_read_user(&word, 4, (const void *)data)
				 : bpf_probe_read_user(&word, sizeof(word), (const void *)data))
			note_fault();
		evt_dyn_u64(s, PPM_PTRACE_IDX_UINT64, word);
	} else if (req == 8 || req == 10 || req == 12 || req == 13) { /* CONT, SINGLESTEP, DETACH, SYSCALL */
		evt_dyn_u8(s, PPM_PTRACE_IDX_SIGTYPE, (__u8)data);
	} else {
		evt_dyn_u64(s, PPM_PTRACE_IDX_UINT64, data);
	}
	evt_u16(s, req);
	evt_u64(s, AS_INT(arg1(regs)));
	evt_submit(s);
	return 0;
}

/* MS_MGC_VAL in the top 16 bits is a legacy magic number, not flags; the PPM mount_flags values
 * equal the Linux MS_* ones. */
#define H_MS_MGC_MSK 0xffff0000UL
#define H_MS_MGC_VAL 0xC0ED0000UL

FILLER(mount_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MOUNT_X, 5);
	if (!s)
		return 0;
	__u64 flags = (__u64)arg3(regs);
	if ((flags & H_MS_MGC_MSK) == H_MS_MGC_VAL)
		flags &= ~H_MS_MGC_MSK;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	evt_str(s, (const void *)arg1(regs), MAX_PATH, true);
	evt_str(s, (const void *)arg2(regs), MAX_PATH, true);
	evt_u32(s, (__u32)flags);
	evt_submit(s);
	return 0;
}

FILLER(umount2_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_UMOUNT2_X, 3);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_str(s, (const void *)arg0(regs), MAX_PATH, true);
	/* MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW have the same PPM values */
	evt_u32(s, (__u32)arg1(regs) & 0xf);
	evt_submit(s);
	return 0;
}

/* Linux MAP_* -> PPM_MAP_* (flag-tables.tsv mmap_flags). */
static __always_inline __u32 mmap_flags_to_ppm(__u64 f)
{
	__u32 r = 0;
	if (f & 0x01) r |= 1;       /* SHARED */
	if (f & 0x02) r |= 2;       /* PRIVATE */
	if (f & 0x10) r |= 4;       /* FIXED */
	if (f & 0x20) r |= 8;       /* ANONYMOUS */
	if (f & 0x40) r |= 16;      /* 32BIT */
	if (f & 0x4000) r |= 64;    /* NORESERVE */
	if (f & 0x8000) r |= 128;   /* POPULATE */
	if (f & 0x10000) r |= 256;  /* NONBLOCK */
	if (f & 0x0100) r |= 512;   /* GROWSDOWN */
	if (f & 0x0800) r |= 1024;  /* DENYWRITE */
	if (f & 0x1000) r |= 2048;  /* EXECUTABLE */
	if (f & 0x2000) r |= 16384; /* LOCKED */
	return r;
}

static __always_inline __u32 prot_to_ppm(__u64 p)
{
	/* READ/WRITE/EXEC/SEM keep their values; GROWSDOWN/GROWSUP move to PPM bits 4 and 5 */
	__u32 prot = (__u32)(p & 0xf);
	if (p & 0x01000000)
		prot |= 16;
	if (p & 0x02000000)
		prot |= 32;
	return prot;
}

/* mmap: the result and the address space size after the call, then the arguments. */
FILLER(mmap_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MMAP_X, 10);
	if (!s)
		return 0;
	struct mm_struct *mm = BPF_CORE_READ(bpf_get_current_task_btf(), mm);
	evt_u64(s, ret);
	evt_u32(s, mm ? pages_to_kb(BPF_CORE_READ(mm, total_vm)) : 0);
	evt_u32(s, pages_to_kb(mm_counter_pages(mm, H_MM_FILEPAGES) + mm_counter_pages(mm, H_MM_ANONPAGES) +
			       mm_counter_pages(mm, H_MM_SHMEMPAGES)));
	evt_u32(s, pages_to_kb(mm_counter_pages(mm, H_MM_SWAPENTS)));
	evt_u64(s, (__u64)arg0(regs));
	evt_u64(s, (__u64)arg1(regs));
	evt_u32(s, prot_to_ppm((__u64)arg2(regs)));
	evt_u32(s, mmap_flags_to_ppm((__u64)arg3(regs)));
	evt_u64(s, AS_INT(arg4(regs)));
	evt_u64(s, (__u64)arg5(regs));
	evt_submit(s);
	return 0;
}

FILLER(mprotect_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_MPROTECT_X, 4);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u64(s, (__u64)arg0(regs));
	evt_u64(s, (__u64)arg1(regs));
	evt_u32(s, prot_to_ppm((__u64)arg2(regs)));
	evt_submit(s);
	return 0;
}

/* The capability sets in force after the call, from the task's credentials. */
FILLER(capset_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_CAPSET_X, 4);
	if (!s)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	evt_u64(s, ret);
	evt_u64(s, BPF_CORE_READ(t, cred, cap_inheritable.val));
	evt_u64(s, BPF_CORE_READ(t, cred, cap_permitted.val));
	evt_u64(s, BPF_CORE_READ(t, cred, cap_effective.val));
	evt_submit(s);
	return 0;
}

FILLER(bpf_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_BPF_2_X, 2);
	if (!s)
		return 0;
	evt_u64(s, ret);
	evt_u32(s, (__u32)arg0(regs)); /* BPF_* commands keep their values */
	evt_submit(s);
	return 0;
}

#define H_PR_SET_NAME 15
#define H_PR_GET_NAME 16
#define H_PR_GET_CHILD_SUBREAPER 37

/* Like the libs drivers: the name for PR_SET_NAME/PR_GET_NAME, the int PR_GET_CHILD_SUBREAPER
 * stored, and arg2 itself for every other option. */
FILLER(prctl_x)
{
	struct talon_scratch *s = evt_begin(PPME_SYSCALL_PRCTL_X, 4);
	if (!s)
		return 0;
	long option = arg0(regs);
	long arg2 = arg1(regs);
	evt_u64(s, ret);
	evt_u32(s, (__u32)option); /* PR_* options keep their values */
	if (option == H_PR_SET_NAME || option == H_PR_GET_NAME) {
		evt_str(s, (const void *)arg2, 16, true);
		evt_empty(s);
	} else if (option == H_PR_GET_CHILD_SUBREAPER) {
		__s32 v = 0;
		if (bpf_probe_read_user(&v, sizeof(v), (const void *)arg2))
			note_fault();
		evt_empty(s);
		evt_u64(s, (__s64)v);
	} else {
		evt_empty(s);
		evt_u64(s, arg2);
	}
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ processes */

/* Parameters 3..13 shared by clone-family and execve exit events: tid, pid, ptid, cwd,
 * fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm. */
static __always_inline void evt_proc_common(struct talon_scratch *s, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	evt_u64(s, (__s64)BPF_CORE_READ(t, pid));
	evt_u64(s, (__s64)BPF_CORE_READ(t, tgid));
	evt_u64(s, (__s64)BPF_CORE_READ(t, real_parent, pid));
	evt_empty(s); /* cwd: sinsp tracks it from chdir and /proc; not walked in the kernel */
	evt_u64(s, task_fdlimit(t));
	evt_u64(s, BPF_CORE_READ(t, maj_flt));
	evt_u64(s, BPF_CORE_READ(t, min_flt));
	evt_u32(s, mm ? pages_to_kb(BPF_CORE_READ(mm, total_vm)) : 0);
	evt_u32(s, pages_to_kb(mm_counter_pages(mm, H_MM_FILEPAGES) + mm_counter_pages(mm, H_MM_ANONPAGES) +
			       mm_counter_pages(mm, H_MM_SHMEMPAGES)));
	evt_u32(s, pages_to_kb(mm_counter_pages(mm, H_MM_SWAPENTS)));
	evt_str(s, t->comm, sizeof(t->comm), false);
}

static __always_inline int emit_clone(__u16 type, const struct talon_args *regs, long ret, __u32 flags)
{
	struct talon_scratch *s = evt_begin(type, 21);
	if (!s)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	evt_u64(s, ret);
	__u32 exe_len = evt_mm_exe(s, mm);
	evt_mm_args(s, mm, exe_len);
	evt_proc_common(s, t);
	evt_empty(s); /* cgroups */
	if (ret == 0 && task_pid_level(t) > 0)
		flags |= PPM_CL_CHILD_IN_PIDNS;
	evt_u32(s, flags);
	evt_u32(s, BPF_CORE_READ(t, cred, euid.val));
	evt_u32(s, BPF_CORE_READ(t, cred, egid.val));
	evt_u64(s, (__s64)pid_vnr_of(BPF_CORE_READ(t, thread_pid)));
	evt_u64(s, (__s64)pid_vnr_of(BPF_CORE_READ(t, group_leader, thread_pid)));
	struct pid_namespace *ns = BPF_CORE_READ(t, nsproxy, pid_ns_for_children);
	struct talon_settings *cfg = settings_get();
	__u64 reaper_start = ns ? BPF_CORE_READ(ns, child_reaper, start_boottime) : 0;
	evt_u64(s, reaper_start && cfg ? reaper_start + cfg->boot_time : 0);
	evt_submit(s);
	return 0;
}

FILLER(clone_x)
{
	return emit_clone(PPME_SYSCALL_CLONE_20_X, regs, ret, clone_flags_to_ppm(arg0(regs)));
}

FILLER(fork_x)
{
	return emit_clone(PPME_SYSCALL_FORK_20_X, regs, ret, 0);
}

FILLER(vfork_x)
{
	return emit_clone(PPME_SYSCALL_VFORK_20_X, regs, ret, PPM_CL_CLONE_VM | PPM_CL_CLONE_VFORK);
}

FILLER(clone3_x)
{
	__u64 flags = 0; /* struct clone_args starts with the u64 flags */
	bpf_probe_read_user(&flags, sizeof(flags), (const void *)arg0(regs));
	return emit_clone(PPME_SYSCALL_CLONE3_X, regs, ret, clone_flags_to_ppm(flags));
}

/* Parameters 15..30 of the execve exit events (cgroups .. gid); env comes from the caller. */
static __always_inline void evt_exec_tail(struct talon_scratch *s, struct task_struct *t)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	struct inode *inode = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	evt_u32(s, tty_of(t));
	evt_u64(s, (__s64)pid_vnr_of(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	evt_u32(s, loginuid_of(t));
	evt_u32(s, exe ? (exe_from_memfd(exe) ? PPM_EXE_FROM_MEMFD : 0) | exe_layer_flags(exe) : 0);
	evt_u64(s, BPF_CORE_READ(t, cred, cap_inheritable.val));
	evt_u64(s, BPF_CORE_READ(t, cred, cap_permitted.val));
	evt_u64(s, BPF_CORE_READ(t, cred, cap_effective.val));
	evt_u64(s, inode ? BPF_CORE_READ(inode, i_ino) : 0);
	evt_u64(s, inode_time_ns(inode, true));
	evt_u64(s, inode_time_ns(inode, false));
	evt_u32(s, BPF_CORE_READ(t, cred, euid.val));
	evt_file_path(s, exe); /* trusted_exepath: the executable's real path, symlinks resolved */
	evt_u64(s, (__s64)pid_nr_of(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	evt_u32(s, BPF_CORE_READ(t, cred, egid.val));
}

/* A failed execve: the registers and the old image are intact, so argv/envp are read through
 * the user pointers. (A successful one is reported from sched_process_exec.) */
static __always_inline int emit_exec_failed(__u16 type, __u32 nparams, const struct talon_args *regs, long ret,
					    const char *filename, const char *const *argv,
					    const char *const *envp)
{
	struct talon_scratch *s = evt_begin(type, nparams);
	if (!s)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	evt_u64(s, ret);
	evt_user_str0(s, argv, regs->compat);
	evt_user_strarray(s, argv, 1, regs->compat);
	evt_proc_common(s, t);
	evt_empty(s); /* cgroups */
	evt_user_strarray(s, envp, 0, regs->compat);
	evt_exec_tail(s, t);
	if (nparams == 31)
		evt_str(s, filename, MAX_PATH, true);
	evt_submit(s);
	return 0;
}

FILLER(execve_x)
{
	if (ret == 0)
		return 0;
	return emit_exec_failed(PPME_SYSCALL_EXECVE_19_X, 31, regs, ret, (const char *)arg0(regs),
				(const char *const *)arg1(regs), (const char *const *)arg2(regs));
}

FILLER(execveat_x)
{
	if (ret == 0)
		return 0;
	return emit_exec_failed(PPME_SYSCALL_EXECVEAT_X, 30, regs, ret, NULL,
				(const char *const *)arg2(regs), (const char *const *)arg3(regs));
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(talon_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (BPF_CORE_READ(t, flags) & H_PF_KTHREAD)
		return 0;
	/* orig_ax still names the syscall that got here; kernel-initiated execs report execve. */
	long nr = (long)BPF_CORE_READ((struct pt_regs *)bpf_task_pt_regs(t), orig_ax);
	if (task_in_compat_syscall(t))
		nr = x64_nr_of_ia32(nr);
	bool at = nr == TALON_NR_execveat;
	if (!is_interesting(at ? TALON_NR_execveat : TALON_NR_execve) || !capture_current())
		return 0;
	struct talon_counters *c = counters_get();
	if (c)
		c->n_seen++;
	__u32 nparams = at ? 30 : 31;
	struct talon_scratch *s = evt_begin(at ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X, nparams);
	if (!s)
		return 0;
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	evt_u64(s, 0);
	__u32 exe_len = evt_mm_exe(s, mm);
	evt_mm_args(s, mm, exe_len);
	evt_proc_common(s, t);
	evt_empty(s); /* cgroups */
	evt_mm_env(s, mm);
	evt_exec_tail(s, t);
	if (!at)
		evt_str(s, BPF_CORE_READ(bprm, filename), MAX_PATH, false);
	evt_submit(s);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(talon_sched_exit, struct task_struct *p, bool group_dead)
{
	struct talon_settings *cfg = settings_get();
	if (!cfg || !cfg->capture_procexit || !capture_current())
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (BPF_CORE_READ(t, flags) & H_PF_KTHREAD)
		return 0;
	struct talon_counters *c = counters_get();
	if (c)
		c->n_seen++;
	struct talon_scratch *s = evt_begin(PPME_PROCEXIT_1_E, 5);
	if (!s)
		return 0;
	int code = BPF_CORE_READ(t, exit_code);
	evt_u64(s, (__s64)code);
	evt_u64(s, (__s64)((code >> 8) & 0xff));
	evt_u8(s, (__u8)(code & 0x7f));
	evt_u8(s, (code & 0x80) ? 1 : 0);
	/* reaper_tid: only a task with children needs one (the kernel reparents them after this point) */
	__s32 reaper = 0;
	if (BPF_CORE_READ(t, children.next) != &t->children)
		reaper = reaper_of(t);
	evt_u64(s, (__s64)reaper);
	evt_submit(s);
	return 0;
}

/* ------------------------------------------------------------------ dispatch */

/* Two ways to reach a filler, chosen by user space at load (LoadedProbe):
 *   - sys_exit mode: talon_sys_exit runs on every syscall exit and tail-calls exit_fillers[nr]; the
 *     only mode that can report every syscall (generic events) and the child's side of clone/fork
 *     (a child returns to user space without leaving the syscall function);
 *   - direct mode, for a small selection of syscalls that have fillers: each selected filler is
 *     loaded as an fexit program on its __x64_sys_* function and talon_sys_exit is not loaded, so
 *     the syscalls nobody asked for run untouched (an attached sys_exit tracepoint, even one whose
 *     program returns at once, sends every syscall of every task through the slow exit path).
 *     ia32 calls reach __ia32_sys_* functions instead, so user space uses direct mode only on
 *     kernels that have none (no ia32 emulation).
 * User space fills the table after load in sys_exit mode only: the kernel lets one program array
 * hold only programs attached to the same kind of hook, and fexit programs on different syscall
 * functions are not. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, TALON_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u32);
} exit_fillers SEC(".maps");

SEC("tp_btf/sys_exit")
int BPF_PROG(talon_sys_exit, struct pt_regs *regs, long ret)
{
	long nr = syscall_nr(regs);
	__u8 want = interest_of(nr);
	if (!want)
		return 0;
	/* An ia32 (compat) call numbers syscalls its own way: it is reported as the x86_64 syscall of the
	 * same name, its arguments taken from the ia32 registers (load_args). */
	bool compat = task_in_compat_syscall(bpf_get_current_task_btf());
	struct talon_call *call = call_get();
	if (!call)
		return 0;
	call->compat = compat;
	call->socketcall = 0;
	if (compat) {
		if (!(want & INTERESTING_IA32))
			return 0;
		nr = nr == TALON_IA32_NR_socketcall ? socketcall_unpack(regs, call) : x64_nr_of_ia32(nr);
		if (nr < 0)
			return 0;
	} else if (!(want & INTERESTING_X64)) {
		return 0;
	}
	bpf_tail_call(ctx, &exit_fillers, (__u32)nr);
	if (!filler_enter())
		return 0;
	return emit_generic(nr);
}
