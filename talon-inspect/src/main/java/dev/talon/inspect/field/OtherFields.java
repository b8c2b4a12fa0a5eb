package dev.talon.inspect.field;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.ParamType;
import dev.talon.filter.FieldInfo;
import dev.talon.filter.FieldType;
import dev.talon.inspect.state.FdInfo;
import dev.talon.inspect.state.Paths;
import dev.talon.inspect.state.ThreadInfo;

import static dev.talon.inspect.field.Support.ABSENT;
import static dev.talon.inspect.field.Support.named;
import static dev.talon.inspect.field.Support.threadNum;
import static dev.talon.inspect.field.Support.threadRef;

/** The small field classes: fdlist (poll fds), fs.path (paths of file-system syscalls), user and group. */
final class OtherFields {
    private OtherFields() {}

    static Field user(FieldInfo info, String written, EventContext ctx) throws UnknownFieldException {
        FieldType type = info.type();
        var users = ctx.state().users();
        return switch (info.name()) {
            case "user.uid" -> threadNum(written, type, ctx, t -> t.uid() & 0xFFFFFFFFL);
            case "user.name" -> threadRef(written, type, ctx, t -> users.userName(t.uid() & 0xFFFFFFFFL));
            case "user.homedir" -> threadRef(written, type, ctx, t -> users.home(t.uid()));
            case "user.shell" -> threadRef(written, type, ctx, t -> users.shell(t.uid()));
            case "user.loginuid" -> threadNum(written, type, ctx, t -> t.loginuid() == 0xFFFFFFFFL ? -1 : t.loginuid());
            case "user.loginname" -> threadRef(written, type, ctx, t -> t.loginuid() < 0 ? null : users.userName(t.loginuid()));
            default -> throw new UnknownFieldException("field '" + info.name() + "' is not supported");
        };
    }

    static Field group(FieldInfo info, String written, EventContext ctx) throws UnknownFieldException {
        FieldType type = info.type();
        var users = ctx.state().users();
        return switch (info.name()) {
            case "group.gid" -> threadNum(written, type, ctx, t -> t.gid() & 0xFFFFFFFFL);
            case "group.name" -> threadRef(written, type, ctx, t -> users.groupName(t.gid() & 0xFFFFFFFFL));
            default -> throw new UnknownFieldException("field '" + info.name() + "' is not supported");
        };
    }

    // ---- fdlist: the fds of poll/ppoll ----

    static Field fdlist(FieldInfo info, String written, EventContext ctx) throws UnknownFieldException {
        int what = switch (info.name()) {
            case "fdlist.nums" -> 0;
            case "fdlist.names" -> 1;
            case "fdlist.cips" -> 2;
            case "fdlist.sips" -> 3;
            case "fdlist.cports" -> 4;
            case "fdlist.sports" -> 5;
            default -> throw new UnknownFieldException("field '" + info.name() + "' is not supported");
        };
        return Support.text(written, info.type(), (sb, e) -> {
            EventInfo i = e.info();
            ThreadInfo t = ctx.thread();
            if (i == null || t == null) return false;
            int p = -1;
            for (int k = 0; k < Math.min(i.paramCount(), e.paramCount()); k++) {
                if (i.param(k).type() == ParamType.PT_FDLIST) {
                    p = k;
                    break;
                }
            }
            if (p < 0 || e.paramLength(p) < 2) return false;
            var s = e.buffer();
            int at = e.paramPosition(p);
            int count = Short.toUnsignedInt(s.getShort(at));
            int pos = at + 2;
            boolean any = false;
            for (int k = 0; k < count && pos + 10 <= at + e.paramLength(p); k++, pos += 10) {
                long fd = s.getLong(pos);
                FdInfo f = t.fds().get(fd);
                int start = sb.length();
                if (any) sb.append(',');
                boolean wrote = switch (what) {
                    case 0 -> {
                        sb.append(fd);
                        yield true;
                    }
                    case 1 -> {
                        if (f == null) yield false;
                        sb.append(f.name());
                        yield true;
                    }
                    default -> {
                        if (f == null || !f.hasAddresses() || !FdFields.isInet(f)) yield false;
                        boolean server = what == 3 || what == 5;
                        if (what <= 3) {
                            if (f.ipLength() == 4) {
                                for (int b = 0; b < 4; b++) {
                                    if (b > 0) sb.append('.');
                                    sb.append(f.addrByte(server, b));
                                }
                            } else {
                                dev.talon.inspect.state.SockAddrs.ipv6(sb,
                                        java.nio.ByteBuffer.wrap(f.addresses()), server ? 16 : 0);
                            }
                        } else {
                            sb.append(server ? f.serverPort() : f.clientPort());
                        }
                        yield true;
                    }
                };
                if (!wrote) sb.setLength(start);
                else any = true;
            }
            return any;
        });
    }

    // ---- fs.path: the paths of mkdir/rmdir/unlink/rename/link/symlink... ----

    static Field fsPath(FieldInfo info, String written, EventContext ctx) throws UnknownFieldException {
        String n = info.name();
        int role = switch (n) {
            case "fs.path.name", "fs.path.nameraw" -> 0;
            case "fs.path.source", "fs.path.sourceraw" -> 1;
            case "fs.path.target", "fs.path.targetraw" -> 2;
            default -> throw new UnknownFieldException("field '" + n + "' is not supported");
        };
        boolean raw = n.endsWith("raw");
        // the parameter per event type, found once (by syscall and parameter name), not per event
        int[] byType = new int[EventSchema.typeCount()];
        for (int type = 0; type < byType.length; type++) {
            EventInfo ti = EventSchema.info(type);
            byType[type] = ti == null || ti.isEnter() ? -1 : pathParam(ctx, ti.name(), role, type);
        }
        return Support.text(written, info.type(), (sb, e) -> {
            EventInfo i = e.info();
            ThreadInfo t = ctx.thread();
            if (i == null || i.isEnter() || t == null) return false;
            int type = e.type();
            int p = type >= 0 && type < byType.length ? byType[type] : -1;
            if (p < 0 || p >= e.paramCount() || e.paramLength(p) == 0) return false;
            String v = e.paramText(p);
            if (raw) {
                sb.append(v);
                return true;
            }
            if (v.startsWith("/")) {
                sb.append(Paths.normalize(v));
                return true;
            }
            String base = ctx.state().threads().cwdOf(t);
            int d = i.param(p).dirfdIndex();
            if (d >= 0 && d < e.paramCount() && e.paramLength(d) > 0 && e.paramAsLong(d) != -100) {
                FdInfo f = t.fds().get(e.paramAsLong(d));
                base = f == null ? "" : f.name();
            }
            sb.append(Paths.resolve(base, v));
            return true;
        });
    }

    /** Which parameter holds the name (role 0), source (1) or target (2) of a file-system syscall. */
    private static int pathParam(EventContext ctx, String syscall, int role, int type) {
        String name = switch (syscall) {
            case "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "chmod", "fchmodat", "chown", "fchownat",
                 "lchown", "truncate" -> role == 0 ? firstOf(ctx, type, "path", "name", "pathname", "filename") : null;
            case "rename", "renameat", "renameat2", "link", "linkat" -> role == 1 ? "oldpath" : role == 2 ? "newpath" : null;
            case "symlink", "symlinkat" -> role == 1 ? "target" : role == 2 ? "linkpath" : null;
            case "mount" -> role == 1 ? "dev" : role == 2 ? "dir" : null;
            case "umount", "umount2" -> role == 0 ? "name" : null;
            default -> null;
        };
        return name == null ? -1 : ctx.paramIndex(name, type);
    }

    private static String firstOf(EventContext ctx, int type, String... names) {
        for (String n : names) if (ctx.paramIndex(n, type) >= 0) return n;
        return names[0];
    }

    // ---- container.*: what the cgroups and the capture's container events tell ----

    static Field container(FieldInfo info, String written, String arg, EventContext ctx) {
        FieldType type = info.type();
        return switch (info.name()) {
            case "container.id" -> threadRef(written, type, ctx, t -> t.containerId().isEmpty() ? "host" : t.containerId());
            case "container.full_id" -> threadRef(written, type, ctx, t -> t.containerFullId().isEmpty() ? "host" : t.containerFullId());
            case "container.type" -> threadRef(written, type, ctx, t -> t.containerType() == null ? "host" : t.containerType());
            case "container.name" -> containerAttr(written, type, ctx, "name", "host");
            case "container.image" -> containerAttr(written, type, ctx, "image", null);
            case "container.image.id" -> containerAttr(written, type, ctx, "imageid", null);
            case "container.image.repository" -> containerAttr(written, type, ctx, "imagerepo", null);
            case "container.image.tag" -> containerAttr(written, type, ctx, "imagetag", null);
            case "container.image.digest" -> containerAttr(written, type, ctx, "imagedigest", null);
            case "container.ip" -> containerAttr(written, type, ctx, "ip", null);
            case "container.privileged" -> Support.num(written, type, e -> {
                ThreadInfo t = named(ctx);
                var c = t == null ? null : ctx.state().containers().get(t.containerId());
                return c == null || !c.has("privileged") ? ABSENT : ("true".equals(c.get("privileged")) ? 1 : 0);
            });
            case "container.label" -> Support.ref(written, type, e -> {
                ThreadInfo t = named(ctx);
                var c = t == null ? null : ctx.state().containers().get(t.containerId());
                return c == null || arg == null ? null : c.label(arg);
            });
            case "container.start_ts", "container.duration" -> Support.num(written, type, e -> {
                ThreadInfo t = named(ctx);
                var c = t == null ? null : ctx.state().containers().get(t.containerId());
                if (c == null || c.createdNs() == 0) return ABSENT;
                return info.name().equals("container.start_ts") ? c.createdNs() : e.ts() - c.createdNs();
            });
            default -> containerAttr(written, type, ctx, null, null);
        };
    }

    /** A container attribute from the capture's container events; on the host, {@code hostValue}. */
    private static Field containerAttr(String written, FieldType type, EventContext ctx, String key, String hostValue) {
        return Support.ref(written, type, e -> {
            ThreadInfo t = named(ctx);
            if (t == null) return null;
            if (!t.inContainer()) return hostValue;
            var c = ctx.state().containers().get(t.containerId());
            if (c == null || key == null) return null;
            String v = c.get(key);
            return v == null || v.isEmpty() ? null : v;
        });
    }
}
