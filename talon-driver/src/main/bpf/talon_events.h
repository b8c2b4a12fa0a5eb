/* Event codes, portable flag values and limits the probe emits. The codes are the wire ABI of the
 * libs event schema (shared/spec/events.tsv); EventCodesTest checks every one of them against
 * dev.talon.event.EventTypes, so a schema change cannot silently desynchronise the probe. */
#pragma once

/* ppm_event_code values (exit events carry every parameter in the current schema). */
#define PPME_GENERIC_X 1
#define PPME_SYSCALL_OPEN_X 3
#define PPME_SYSCALL_CLOSE_X 5
#define PPME_SYSCALL_READ_X 7
#define PPME_SYSCALL_WRITE_X 9
#define PPME_SOCKET_SOCKET_X 19
#define PPME_SOCKET_BIND_X 21
#define PPME_SOCKET_CONNECT_X 23
#define PPME_SYSCALL_CREAT_X 59
#define PPME_SYSCALL_KILL_X 129
#define PPME_SYSCALL_PTRACE_X 169
#define PPME_SYSCALL_RENAME_X 175
#define PPME_SYSCALL_RENAMEAT_X 177
#define PPME_SYSCALL_SYMLINK_X 179
#define PPME_SYSCALL_SYMLINKAT_X 181
#define PPME_PROCEXIT_1_E 186
#define PPME_SYSCALL_SETUID_X 199
#define PPME_SYSCALL_SETGID_X 201
#define PPME_SYSCALL_CLONE_20_X 223
#define PPME_SYSCALL_SETNS_X 241
#define PPME_SYSCALL_FORK_20_X 225
#define PPME_SYSCALL_VFORK_20_X 227
#define PPME_SOCKET_ACCEPT_5_X 247
#define PPME_SYSCALL_MOUNT_X 257
#define PPME_SYSCALL_MKDIR_2_X 277
#define PPME_SYSCALL_RMDIR_2_X 279
#define PPME_SYSCALL_UNSHARE_X 285
#define PPME_SYSCALL_EXECVE_19_X 293
#define PPME_SYSCALL_UNLINK_2_X 301
#define PPME_SYSCALL_UNLINKAT_2_X 303
#define PPME_SYSCALL_MKDIRAT_X 305
#define PPME_SYSCALL_OPENAT_2_X 307
#define PPME_SYSCALL_LINK_2_X 309
#define PPME_SYSCALL_LINKAT_2_X 311
#define PPME_SYSCALL_FCHMODAT_X 313
#define PPME_SYSCALL_CHMOD_X 315
#define PPME_SYSCALL_FCHMOD_X 317
#define PPME_SYSCALL_RENAMEAT2_X 319
#define PPME_SYSCALL_OPENAT2_X 327
#define PPME_SYSCALL_EXECVEAT_X 331
#define PPME_SYSCALL_CLONE3_X 335
#define PPME_SOCKET_ACCEPT4_6_X 389
#define PPME_SYSCALL_UMOUNT2_X 391
#define PPME_SYSCALL_MEMFD_CREATE_X 405

/* Portable (PPM_*) values from shared/spec/flag-tables.tsv; the host's O_/CLONE_ bits are
 * translated into these before they reach the wire. */
#define PPM_O_RDONLY (1 << 0)
#define PPM_O_WRONLY (1 << 1)
#define PPM_O_RDWR (PPM_O_RDONLY | PPM_O_WRONLY)
#define PPM_O_CREAT (1 << 2)
#define PPM_O_APPEND (1 << 3)
#define PPM_O_DSYNC (1 << 4)
#define PPM_O_EXCL (1 << 5)
#define PPM_O_NONBLOCK (1 << 6)
#define PPM_O_SYNC (1 << 7)
#define PPM_O_TRUNC (1 << 8)
#define PPM_O_DIRECT (1 << 9)
#define PPM_O_DIRECTORY (1 << 10)
#define PPM_O_LARGEFILE (1 << 11)
#define PPM_O_CLOEXEC (1 << 12)
#define PPM_O_TMPFILE (1 << 13)
#define PPM_O_F_CREATED (1 << 14)

#define PPM_CL_CLONE_FILES (1 << 0)
#define PPM_CL_CLONE_FS (1 << 1)
#define PPM_CL_CLONE_IO (1 << 2)
#define PPM_CL_CLONE_NEWIPC (1 << 3)
#define PPM_CL_CLONE_NEWNET (1 << 4)
#define PPM_CL_CLONE_NEWNS (1 << 5)
#define PPM_CL_CLONE_NEWPID (1 << 6)
#define PPM_CL_CLONE_NEWUTS (1 << 7)
#define PPM_CL_CLONE_PARENT (1 << 8)
#define PPM_CL_CLONE_PARENT_SETTID (1 << 9)
#define PPM_CL_CLONE_PTRACE (1 << 10)
#define PPM_CL_CLONE_SIGHAND (1 << 11)
#define PPM_CL_CLONE_SYSVSEM (1 << 12)
#define PPM_CL_CLONE_THREAD (1 << 13)
#define PPM_CL_CLONE_UNTRACED (1 << 14)
#define PPM_CL_CLONE_VM (1 << 15)
#define PPM_CL_CLONE_NEWUSER (1 << 20)
#define PPM_CL_CLONE_CHILD_CLEARTID (1 << 23)
#define PPM_CL_CLONE_CHILD_SETTID (1 << 24)
#define PPM_CL_CLONE_SETTLS (1 << 25)
#define PPM_CL_CLONE_VFORK (1 << 27)
#define PPM_CL_CLONE_NEWCGROUP (1 << 28)
#define PPM_CL_CHILD_IN_PIDNS (1 << 29)

#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10

/* Host (x86_64 Linux UAPI) values the probe translates from. */
#define H_O_ACCMODE 00000003
#define H_O_WRONLY 00000001
#define H_O_RDWR 00000002
#define H_O_CREAT 00000100
#define H_O_EXCL 00000200
#define H_O_TRUNC 00001000
#define H_O_APPEND 00002000
#define H_O_NONBLOCK 00004000
#define H_O_DSYNC 00010000
#define H_O_DIRECT 00040000
#define H_O_LARGEFILE 00100000
#define H_O_DIRECTORY 00200000
#define H_O_CLOEXEC 02000000
#define H_O_SYNC_BIT 04000000 /* __O_SYNC */
#define H_O_TMPFILE_BIT 020000000 /* __O_TMPFILE */
#define H_FMODE_CREATED (1U << 20)

#define H_CLONE_VM 0x00000100
#define H_CLONE_FS 0x00000200
#define H_CLONE_FILES 0x00000400
#define H_CLONE_SIGHAND 0x00000800
#define H_CLONE_PTRACE 0x00002000
#define H_CLONE_VFORK 0x00004000
#define H_CLONE_PARENT 0x00008000
#define H_CLONE_THREAD 0x00010000
#define H_CLONE_NEWNS 0x00020000
#define H_CLONE_SYSVSEM 0x00040000
#define H_CLONE_SETTLS 0x00080000
#define H_CLONE_PARENT_SETTID 0x00100000
#define H_CLONE_CHILD_CLEARTID 0x00200000
#define H_CLONE_UNTRACED 0x00800000
#define H_CLONE_CHILD_SETTID 0x01000000
#define H_CLONE_NEWCGROUP 0x02000000
#define H_CLONE_NEWUTS 0x04000000
#define H_CLONE_NEWIPC 0x08000000
#define H_CLONE_NEWUSER 0x10000000
#define H_CLONE_NEWPID 0x20000000
#define H_CLONE_NEWNET 0x40000000
#define H_CLONE_IO 0x80000000UL

#define H_AF_UNIX 1
#define H_AF_INET 2
#define H_AF_INET6 10

#define H_RESOLVE_NO_XDEV 0x01
#define H_RESOLVE_NO_MAGICLINKS 0x02
#define H_RESOLVE_NO_SYMLINKS 0x04
#define H_RESOLVE_BENEATH 0x08
#define H_RESOLVE_IN_ROOT 0x10
#define H_RESOLVE_CACHED 0x20

#define H_PF_KTHREAD 0x00200000
#define H_TS_COMPAT 0x0002
#define H_RLIMIT_NOFILE 7
#define H_PAGE_SHIFT 12
#define H_MM_FILEPAGES 0
#define H_MM_ANONPAGES 1
#define H_MM_SWAPENTS 2
#define H_MM_SHMEMPAGES 3
