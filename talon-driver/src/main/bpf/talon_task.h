/* Reading process, file and socket state out of kernel structures (CO-RE, so field offsets are
 * relocated against the running kernel's BTF at load time), and translating host flag bits into
 * the portable PPM_* values of the schema. */
#pragma once

#include "talon_core.h"

static __always_inline __u32 open_flags_to_ppm(__u64 f)
{
	__u32 r;
	switch (f & H_O_ACCMODE) {
	case H_O_WRONLY:
		r = PPM_O_WRONLY;
		break;
	case H_O_RDWR:
		r = PPM_O_RDWR;
		break;
	default:
		r = PPM_O_RDONLY;
		break;
	}
	if (f & H_O_CREAT)
		r |= PPM_O_CREAT;
	if (f & H_O_APPEND)
		r |= PPM_O_APPEND;
	if (f & H_O_DSYNC)
		r |= PPM_O_DSYNC;
	if (f & H_O_EXCL)
		r |= PPM_O_EXCL;
	if (f & H_O_NONBLOCK)
		r |= PPM_O_NONBLOCK;
	if (f & H_O_SYNC_BIT)
		r |= PPM_O_SYNC;
	if (f & H_O_TRUNC)
		r |= PPM_O_TRUNC;
	if (f & H_O_DIRECT)
		r |= PPM_O_DIRECT;
	if (f & H_O_DIRECTORY)
		r |= PPM_O_DIRECTORY;
	if (f & H_O_LARGEFILE)
		r |= PPM_O_LARGEFILE;
	if (f & H_O_CLOEXEC)
		r |= PPM_O_CLOEXEC;
	if (f & H_O_TMPFILE_BIT)
		r |= PPM_O_TMPFILE;
	return r;
}

/* The mode only means something when the call may create a file. */
static __always_inline __u32 open_mode_to_ppm(__u64 flags, __u64 mode)
{
	if (!(flags & (H_O_CREAT | H_O_TMPFILE_BIT)))
		return 0;
	return (__u32)(mode & 07777);
}

static __always_inline __u32 clone_flags_to_ppm(__u64 f)
{
	__u32 r = 0;
	if (f & H_CLONE_FILES) r |= PPM_CL_CLONE_FILES;
	if (f & H_CLONE_FS) r |= PPM_CL_CLONE_FS;
	if (f & H_CLONE_IO) r |= PPM_CL_CLONE_IO;
	if (f & H_CLONE_NEWIPC) r |= PPM_CL_CLONE_NEWIPC;
	if (f & H_CLONE_NEWNET) r |= PPM_CL_CLONE_NEWNET;
	if (f & H_CLONE_NEWNS) r |= PPM_CL_CLONE_NEWNS;
	if (f & H_CLONE_NEWPID) r |= PPM_CL_CLONE_NEWPID;
	if (f & H_CLONE_NEWUTS) r |= PPM_CL_CLONE_NEWUTS;
	if (f & H_CLONE_PARENT) r |= PPM_CL_CLONE_PARENT;
	if (f & H_CLONE_PARENT_SETTID) r |= PPM_CL_CLONE_PARENT_SETTID;
	if (f & H_CLONE_PTRACE) r |= PPM_CL_CLONE_PTRACE;
	if (f & H_CLONE_SIGHAND) r |= PPM_CL_CLONE_SIGHAND;
	if (f & H_CLONE_SYSVSEM) r |= PPM_CL_CLONE_SYSVSEM;
	if (f & H_CLONE_THREAD) r |= PPM_CL_CLONE_THREAD;
	if (f & H_CLONE_UNTRACED) r |= PPM_CL_CLONE_UNTRACED;
	if (f & H_CLONE_VM) r |= PPM_CL_CLONE_VM;
	if (f & H_CLONE_NEWUSER) r |= PPM_CL_CLONE_NEWUSER;
	if (f & H_CLONE_CHILD_CLEARTID) r |= PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & H_CLONE_CHILD_SETTID) r |= PPM_CL_CLONE_CHILD_SETTID;
	if (f & H_CLONE_SETTLS) r |= PPM_CL_CLONE_SETTLS;
	if (f & H_CLONE_VFORK) r |= PPM_CL_CLONE_VFORK;
	if (f & H_CLONE_NEWCGROUP) r |= PPM_CL_CLONE_NEWCGROUP;
	return r;
}

static __always_inline __u32 resolve_flags_to_ppm(__u64 f)
{
	__u32 r = 0;
	if (f & H_RESOLVE_BENEATH) r |= 1;
	if (f & H_RESOLVE_IN_ROOT) r |= 2;
	if (f & H_RESOLVE_NO_MAGICLINKS) r |= 4;
	if (f & H_RESOLVE_NO_SYMLINKS) r |= 8;
	if (f & H_RESOLVE_NO_XDEV) r |= 16;
	if (f & H_RESOLVE_CACHED) r |= 32;
	return r;
}

/* Kernel dev_t (major << 20 | minor) to the user-visible encoding stat(2) reports. */
static __always_inline __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline struct file *fd_to_file(struct task_struct *t, long fd)
{
	if (fd < 0)
		return NULL;
	/* Direct loads from the trusted task pointer (the verifier turns them into fault-safe
	 * loads), much cheaper than one bpf_probe_read_kernel per field. */
	struct files_struct *files = t->files;
	if (!files)
		return NULL;
	struct fdtable *fdt = files->fdt;
	if (!fdt)
		return NULL;
	unsigned int max = fdt->max_fds;
	if ((unsigned long)fd >= max)
		return NULL;
	struct file **fds = fdt->fd;
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* Turns a kernel address read with bpf_probe_read_kernel into a BTF pointer the program may
 * dereference directly (fault-safe loads instead of one helper call per field). Linux 6.2+. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#define AS_BTF(type, p) ((type *)bpf_rdonly_cast((p), bpf_core_type_id_kernel(type)))

struct file_id {
	__u32 dev;
	__u64 ino;
	__u32 fmode;
};

static __always_inline void file_id_of(struct file *f, struct file_id *id)
{
	id->dev = 0;
	id->ino = 0;
	id->fmode = 0;
	if (!f)
		return;
	struct file *file = AS_BTF(struct file, f);
	struct inode *inode = file->f_inode;
	if (!inode)
		return;
	id->dev = encode_dev(inode->i_sb->s_dev);
	id->ino = inode->i_ino;
	id->fmode = file->f_mode;
}

/* The three trailing parameters of every open-family exit event. */
static __always_inline __u32 created_flag(long fd, struct file_id *id)
{
	return fd >= 0 && (id->fmode & H_FMODE_CREATED) ? PPM_O_F_CREATED : 0;
}

/* Number of a struct pid in the namespace it was created in (pid_vnr as seen by the task). */
static __always_inline __s32 pid_vnr_of(struct pid *p)
{
	if (!p)
		return 0;
	unsigned int level = BPF_CORE_READ(p, level);
	struct upid up = {};
	bpf_core_read(&up, sizeof(up), &p->numbers[level & 31]);
	return up.nr;
}

static __always_inline __s32 pid_nr_of(struct pid *p)
{
	if (!p)
		return 0;
	struct upid up = {};
	bpf_core_read(&up, sizeof(up), &p->numbers[0]);
	return up.nr;
}

static __always_inline unsigned int task_pid_level(struct task_struct *t)
{
	return BPF_CORE_READ(t, thread_pid, level);
}

struct path_write {
	struct talon_scratch *s;
	__u32 off; /* next byte of the path being written */
	__u32 n;   /* components collected */
};

/* bpf_loop body: writes "/" and component n-1-index (root side first). A loop body the verifier checks
 * once, where an unrolled loop of variable-length writes made it follow every combination. */
static long path_write_one(__u32 index, void *arg)
{
	struct path_write *w = arg;
	struct talon_scratch *s = w->s;
	__u32 off = w->off;
	if (off >= EVT_MAX - 2)
		return 1;
	__u32 i = w->n - 1 - index;
	s->buf[off & EVT_MASK] = '/';
	off++;
	__u32 room = EVT_MAX - 1 - off; /* keeps one byte for the final NUL */
	if (room > NAME_MAX_Z)
		room = NAME_MAX_Z;
	barrier_var(room);
	room &= 2 * NAME_MAX_Z - 1;
	long r = bpf_probe_read_kernel_str(&s->buf[off & EVT_MASK], room, s->path_parts[i & (PATH_DEPTH - 1)]);
	if (r > 1)
		off += (__u32)r - 1; /* without its NUL */
	w->off = off;
	return 0;
}

struct path_walk {
	struct talon_scratch *s;
	struct dentry *d;
	struct vfsmount *vm;
	struct mount *m;
	__u32 n; /* components collected in s->path_parts, leaf first */
};

/* bpf_loop body: one step up the dentry chain, into the parent mount at a mount's root. */
static long path_walk_one(__u32 index, void *arg)
{
	struct path_walk *w = arg;
	if (w->n >= PATH_DEPTH)
		return 1;
	struct dentry *d = w->d;
	struct vfsmount *vm = w->vm; /* locals: BPF_CORE_READ must not relocate this struct's own fields */
	struct mount *m = w->m;
	struct dentry *root = BPF_CORE_READ(vm, mnt_root);
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	if (d == root || d == parent) {
		struct mount *up = BPF_CORE_READ(m, mnt_parent);
		if (d != root || up == m)
			return 1; /* the root of the root mount (or of a detached tree) */
		w->d = BPF_CORE_READ(m, mnt_mountpoint); /* go on in the mount this one sits on */
		w->m = up;
		w->vm = (void *)up + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	w->s->path_parts[w->n & (PATH_DEPTH - 1)] = BPF_CORE_READ(d, d_name.name);
	w->n++;
	w->d = parent;
	return 0;
}

/* The absolute path of an open file, rebuilt from its dentry chain and mounts like the kernel's d_path
 * (which tracepoint programs may not call), as a PT_FSPATH parameter. Up to PATH_DEPTH components;
 * a deeper path keeps its last PATH_DEPTH components. Empty when the file is unknown. */
static __always_inline void evt_file_path(struct talon_scratch *s, struct file *f)
{
	if (!f) {
		evt_empty(s);
		return;
	}
	struct path_walk walk = {.s = s, .d = BPF_CORE_READ(f, f_path.dentry), .vm = BPF_CORE_READ(f, f_path.mnt)};
	walk.m = (void *)walk.vm - bpf_core_field_offset(struct mount, mnt);
	bpf_loop(PATH_DEPTH * 2, path_walk_one, &walk, 0);
	__u32 n = walk.n;
	__u32 start = s->off;
	struct path_write w = {.s = s, .off = start, .n = n};
	bpf_loop(n, path_write_one, &w, 0);
	__u32 off = w.off;
	if (off >= EVT_MAX - 1) {
		note_truncated();
		evt_empty(s);
		return;
	}
	if (off == start) {
		barrier_var(off);
		s->buf[off & EVT_MASK] = '/';
		off++;
	}
	barrier_var(off);
	s->buf[off & EVT_MASK] = 0;
	off++;
	s->off = off;
	put_len(s, off - start);
}

#define MAX_THREAD_WALK 32 /* threads of one group looked at for a live one */
#define MAX_REAPER_WALK 8  /* ancestors looked at for a child subreaper */

/* The tid of a thread of t's group that is not exiting, or 0. Kernels before 6.7 keep the group on
 * another list (thread_group); there the search is skipped and the namespace reaper answers. */
static __always_inline __s32 alive_thread_of(struct task_struct *t)
{
	if (!bpf_core_field_exists(struct task_struct, thread_node))
		return 0;
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	if (!sig)
		return 0;
	struct list_head *head = &sig->thread_head;
	struct list_head *next = BPF_CORE_READ(sig, thread_head.next);
	for (int i = 0; i < MAX_THREAD_WALK; i++) {
		if (!next || next == head)
			break;
		struct task_struct *th = (void *)next - bpf_core_field_offset(struct task_struct, thread_node);
		if (!(BPF_CORE_READ(th, flags) & H_PF_EXITING))
			return BPF_CORE_READ(th, pid);
		next = BPF_CORE_READ(th, thread_node.next);
	}
	return 0;
}

/* Who inherits the children of exiting task t, by the kernel's rule (find_new_reaper): another live
 * thread of its group, else the nearest ancestor in the same pid namespace marked as child subreaper
 * that still has a live thread, else the namespace's init. Global tids, as the procexit event's
 * reaper_tid; 0 when unknown. */
static __always_inline __s32 reaper_of(struct task_struct *t)
{
	__s32 r = alive_thread_of(t);
	if (r)
		return r;
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	if (!pid)
		return 0;
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid up = {};
	bpf_core_read(&up, sizeof(up), &pid->numbers[level & 31]);
	struct task_struct *ns_init = BPF_CORE_READ(up.ns, child_reaper);
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	if (sig && BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper)) {
		struct task_struct *p = BPF_CORE_READ(t, real_parent);
		for (int i = 0; i < MAX_REAPER_WALK; i++) {
			if (!p || p == ns_init || task_pid_level(p) != level)
				break;
			struct signal_struct *ps = BPF_CORE_READ(p, signal);
			if (ps && BPF_CORE_READ_BITFIELD_PROBED(ps, is_child_subreaper)) {
				__s32 a = alive_thread_of(p);
				if (a)
					return a;
			}
			p = BPF_CORE_READ(p, real_parent);
		}
	}
	return ns_init ? BPF_CORE_READ(ns_init, pid) : 0;
}

static __always_inline __u64 task_fdlimit(struct task_struct *t)
{
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct rlimit rl = {};
	bpf_core_read(&rl, sizeof(rl), &sig->rlim[H_RLIMIT_NOFILE]);
	return rl.rlim_cur;
}

static __always_inline __u64 mm_counter_pages(struct mm_struct *mm, int member)
{
	if (!mm)
		return 0;
	__s64 v = 0;
	bpf_core_read(&v, sizeof(v), &mm->rss_stat[member].count);
	return v > 0 ? (__u64)v : 0;
}

static __always_inline __u32 pages_to_kb(__u64 pages)
{
	return (__u32)(pages << (H_PAGE_SHIFT - 10));
}

static __always_inline __u32 tty_of(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor_start = BPF_CORE_READ(tty, driver, minor_start);
	return encode_dev(((__u32)major << 20) | (__u32)(minor_start + index));
}

static __always_inline __u32 loginuid_of(struct task_struct *t)
{
	if (bpf_core_field_exists(t->loginuid))
		return BPF_CORE_READ(t, loginuid.val);
	return 0xffffffff;
}

static __always_inline __u64 inode_time_ns(struct inode *inode, bool ctime)
{
	if (!inode)
		return 0;
	if (bpf_core_field_exists(inode->i_ctime_sec)) {
		__s64 sec = ctime ? BPF_CORE_READ(inode, i_ctime_sec) : BPF_CORE_READ(inode, i_mtime_sec);
		__u32 nsec = ctime ? BPF_CORE_READ(inode, i_ctime_nsec) : BPF_CORE_READ(inode, i_mtime_nsec);
		return (__u64)sec * 1000000000ULL + nsec;
	}
	return 0;
}

/* Socket tuple (PT_SOCKTUPLE) from the socket behind a file. Outbound (connect): source is the
 * local end; inbound (accept): source is the peer, so both read client -> server. A user
 * sockaddr (sendto/sendmsg on an unconnected socket) names the remote end when the socket has
 * none of its own; NULL otherwise. */
static __always_inline void evt_socktuple_to(struct talon_scratch *s, struct file *f, bool inbound,
					     const void *uremote, __u64 uremote_len)
{
	if (!f) {
		evt_empty(s);
		return;
	}
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk) {
		evt_empty(s);
		return;
	}
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u32 off = s->off;
	if (off > EVT_MAX - 64) {
		note_truncated();
		evt_empty(s);
		return;
	}
	__u8 *p = &s->buf[off & EVT_MASK];
	__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == H_AF_INET) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		struct sockaddr_in sin = {};
		if (uremote && uremote_len >= sizeof(sin) && !bpf_probe_read_user(&sin, sizeof(sin), uremote) &&
		    sin.sin_family == H_AF_INET) {
			raddr = sin.sin_addr.s_addr;
			rport = bpf_ntohs(sin.sin_port);
		}
		p[0] = PPM_AF_INET;
		*(__u32 *)&p[1] = inbound ? raddr : laddr;
		*(__u16 *)&p[5] = inbound ? rport : lport;
		*(__u32 *)&p[7] = inbound ? laddr : raddr;
		*(__u16 *)&p[11] = inbound ? lport : rport;
		s->off = off + 13;
		put_len(s, 13);
	} else if (family == H_AF_INET6) {
		struct in6_addr laddr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr raddr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		struct sockaddr_in6 sin6 = {};
		if (uremote && uremote_len >= sizeof(sin6) && !bpf_probe_read_user(&sin6, sizeof(sin6), uremote) &&
		    sin6.sin6_family == H_AF_INET6) {
			raddr = sin6.sin6_addr;
			rport = bpf_ntohs(sin6.sin6_port);
		}
		p[0] = PPM_AF_INET6;
		__builtin_memcpy(&p[1], inbound ? &raddr : &laddr, 16);
		*(__u16 *)&p[17] = inbound ? rport : lport;
		__builtin_memcpy(&p[19], inbound ? &laddr : &raddr, 16);
		*(__u16 *)&p[35] = inbound ? lport : rport;
		s->off = off + 37;
		put_len(s, 37);
	} else if (family == H_AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		p[0] = PPM_AF_UNIX;
		*(__u64 *)&p[1] = (__u64)sk;
		*(__u64 *)&p[9] = (__u64)peer;
		/* The path is the bound name of the server end: the peer's for a connecting
		 * socket, our own for an accepted one. */
		struct unix_address *ua = inbound ? BPF_CORE_READ(us, addr)
						  : BPF_CORE_READ((struct unix_sock *)peer, addr);
		s->off = off + 17;
		long r = 0;
		if (ua) {
			char *path = (char *)&ua->name[0].sun_path[0];
			char first = 0;
			bpf_probe_read_kernel(&first, 1, path);
			if (!first) /* abstract socket: leading NUL dropped */
				path++;
			r = bpf_probe_read_kernel_str(&s->buf[(off + 17) & EVT_MASK], 108, path);
		}
		if (r <= 0) {
			s->buf[(off + 17) & EVT_MASK] = 0;
			r = 1;
		}
		s->off = off + 17 + (__u32)r;
		put_len(s, 17 + (__u32)r);
	} else {
		p[0] = (__u8)family;
		s->off = off + 1;
		put_len(s, 1);
	}
}

static __always_inline void evt_socktuple(struct talon_scratch *s, struct file *f, bool inbound)
{
	evt_socktuple_to(s, f, inbound, NULL, 0);
}

/* Socket address (PT_SOCKADDR) read from a user struct sockaddr. */
static __always_inline void evt_sockaddr_user(struct talon_scratch *s, const void *uaddr, __u64 ulen)
{
	if (!uaddr || ulen < 2) {
		evt_empty(s);
		return;
	}
	__u32 off = s->off;
	if (off > EVT_MAX - 128) {
		note_truncated();
		evt_empty(s);
		return;
	}
	__u16 family = 0;
	if (bpf_probe_read_user(&family, sizeof(family), uaddr)) {
		note_fault();
		evt_empty(s);
		return;
	}
	__u8 *p = &s->buf[off & EVT_MASK];
	if (family == H_AF_INET) {
		struct sockaddr_in sin = {};
		if (bpf_probe_read_user(&sin, sizeof(sin), uaddr)) {
			note_fault();
			evt_empty(s);
			return;
		}
		p[0] = PPM_AF_INET;
		*(__u32 *)&p[1] = sin.sin_addr.s_addr;
		*(__u16 *)&p[5] = bpf_ntohs(sin.sin_port);
		s->off = off + 7;
		put_len(s, 7);
	} else if (family == H_AF_INET6) {
		struct sockaddr_in6 sin6 = {};
		if (bpf_probe_read_user(&sin6, sizeof(sin6), uaddr)) {
			note_fault();
			evt_empty(s);
			return;
		}
		p[0] = PPM_AF_INET6;
		__builtin_memcpy(&p[1], &sin6.sin6_addr, 16);
		*(__u16 *)&p[17] = bpf_ntohs(sin6.sin6_port);
		s->off = off + 19;
		put_len(s, 19);
	} else if (family == H_AF_UNIX) {
		const char *path = (const char *)uaddr + 2;
		char first = 0;
		bpf_probe_read_user(&first, 1, path);
		if (!first)
			path++;
		p[0] = PPM_AF_UNIX;
		long r = bpf_probe_read_user_str(&s->buf[(off + 1) & EVT_MASK], 108, path);
		if (r <= 0) {
			s->buf[(off + 1) & EVT_MASK] = 0;
			r = 1;
		}
		s->off = off + 1 + (__u32)r;
		put_len(s, 1 + (__u32)r);
	} else {
		p[0] = (__u8)family;
		s->off = off + 1;
		put_len(s, 1);
	}
}

/* argv[0] of the current process image, from the argument area of its mm. Returns the length
 * stored including the NUL, so the caller can find where the remaining arguments start. */
static __always_inline __u32 evt_mm_exe(struct talon_scratch *s, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, arg_start);
	return evt_str(s, (const void *)start, MAX_PATH, true);
}

/* argv[1..] (each NUL-terminated) straight from the argument area. */
static __always_inline void evt_mm_args(struct talon_scratch *s, struct mm_struct *mm, __u32 exe_len)
{
	unsigned long start = BPF_CORE_READ(mm, arg_start);
	unsigned long end = BPF_CORE_READ(mm, arg_end);
	if (end <= start + exe_len || exe_len == 0) {
		evt_empty(s);
		return;
	}
	evt_bytes(s, (const void *)(start + exe_len), end - start - exe_len, MAX_ARG_ENV, true);
}

static __always_inline void evt_mm_env(struct talon_scratch *s, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, env_start);
	unsigned long end = BPF_CORE_READ(mm, env_end);
	if (end <= start) {
		evt_empty(s);
		return;
	}
	evt_bytes(s, (const void *)start, end - start, MAX_ARG_ENV, true);
}

/* Element i of a user pointer array; an ia32 (compat) task's pointers are 32 bits. 0 on success. */
static __always_inline long read_user_ptr(const void *arr, int i, bool compat, const char **p)
{
	*p = NULL;
	if (compat) {
		__u32 v = 0;
		long r = bpf_probe_read_user(&v, sizeof(v), (const __u32 *)arr + i);
		*p = (const char *)(unsigned long)v;
		return r;
	}
	return bpf_probe_read_user(p, sizeof(*p), (const char *const *)arr + i);
}

/* Strings of a user char *const[] (argv/envp of a failed execve), from index first, each kept
 * with its NUL, as one PT_BYTEBUF. */
static __always_inline void evt_user_strarray(struct talon_scratch *s, const char *const *arr, int first, bool compat)
{
	if (!arr) {
		evt_empty(s);
		return;
	}
	__u32 start = s->off;
	if (start > EVT_MAX - MAX_ARG_ENV) {
		note_truncated();
		evt_empty(s);
		return;
	}
	__u32 off = start;
	for (int i = 0; i < MAX_ARGS; i++) {
		if (i < first)
			continue;
		const char *p = NULL;
		if (read_user_ptr(arr, i, compat, &p) || !p)
			break;
		__u32 used = off - start;
		if (used >= MAX_ARG_ENV)
			break;
		__u32 n = MAX_ARG_ENV - used;
		/* Hide n from the optimiser so the mask below survives: the verifier tracks the
		 * subtraction in 64 bits and would otherwise see a possibly negative size. */
		asm volatile("" : "+r"(n));
		n &= MAX_ARG_ENV * 2 - 1;
		long r = bpf_probe_read_user_str(&s->buf[off & EVT_MASK], n, p);
		if (r <= 0)
			break;
		off += (__u32)r & (MAX_ARG_ENV - 1);
	}
	s->off = off;
	put_len(s, off - start);
}

/* First element of a user char *const[]. */
static __always_inline void evt_user_str0(struct talon_scratch *s, const char *const *arr, bool compat)
{
	const char *p = NULL;
	if (arr)
		read_user_ptr(arr, 0, compat, &p);
	evt_str(s, p, MAX_PATH, true);
}

static __always_inline bool exe_from_memfd(struct file *exe)
{
	char name[6] = {};
	const unsigned char *dname = BPF_CORE_READ(exe, f_path.dentry, d_name.name);
	if (!dname)
		return false;
	bpf_probe_read_kernel(name, sizeof(name), dname);
	return name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' &&
	       name[5] == ':';
}

#define LAYER_NONE 0
#define LAYER_UPPER 1 /* = PPM_FD_UPPER_LAYER_CREAT */
#define LAYER_LOWER 2 /* = PPM_FD_LOWER_LAYER_CREAT */

/* For a file on overlayfs, LAYER_UPPER when it exists in the upper (container-writable) layer, i.e. was
 * written or copied up there, else LAYER_LOWER (an image layer); LAYER_NONE off overlayfs. The upper dentry
 * sits in overlayfs' own inode around the VFS one; without its BTF the file counts as lower. */
static __always_inline __u32 file_layer(struct file *f)
{
	if (!f)
		return LAYER_NONE;
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	if (!d || BPF_CORE_READ(d, d_sb, s_magic) != H_OVERLAYFS_SUPER_MAGIC)
		return LAYER_NONE;
	if (!bpf_core_field_exists(struct ovl_inode, __upperdentry))
		return LAYER_LOWER;
	struct inode *vfs = BPF_CORE_READ(d, d_inode);
	if (!vfs)
		return LAYER_LOWER;
	struct ovl_inode *oi = (void *)vfs - bpf_core_field_offset(struct ovl_inode, vfs_inode);
	struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
	if (upper && BPF_CORE_READ(upper, d_inode, i_ino) != 0)
		return LAYER_UPPER;
	return LAYER_LOWER;
}

static __always_inline __u32 exe_layer_flags(struct file *f)
{
	__u32 l = file_layer(f);
	return l == LAYER_UPPER ? PPM_EXE_UPPER_LAYER : l == LAYER_LOWER ? PPM_EXE_LOWER_LAYER : 0;
}

/* The open flags' layer bits of the file an open-family call returned. */
static __always_inline __u32 open_layer_flags(struct file *f)
{
	__u32 l = file_layer(f);
	return l == LAYER_UPPER ? PPM_FD_UPPER_LAYER : l == LAYER_LOWER ? PPM_FD_LOWER_LAYER : 0;
}
