package dev.talon.inspect.filter;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.filter.Expr;
import dev.talon.filter.FieldCatalog;
import dev.talon.filter.FieldType;
import dev.talon.filter.FilterChecker;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterProblem;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.filter.ListModifier;
import dev.talon.filter.Operand;
import dev.talon.filter.Operator;
import dev.talon.filter.ResolvedField;
import dev.talon.filter.SourcePos;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.field.Field;
import dev.talon.inspect.field.Fields;
import dev.talon.inspect.field.Transforms;
import dev.talon.inspect.field.UnknownFieldException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles sysdig/Falco filter conditions for one {@link EventContext}: parses with talon-filter, checks
 * fields, operators and values ({@link FilterChecker}), then binds every check to its field evaluator and
 * to constants coerced to the field's type (numbers, booleans, addresses/networks, hex bytes, compiled
 * regexes, glob patterns, lookup tables for {@code in}). {@code ==} means {@code =}; a list name left on the
 * right of {@code in} is a one-element list, as in libsinsp; {@code evt.type} checks become a per-event-type
 * table.
 *
 * <p>Semantics (libsinsp): a check on a field without a value is false for every operator, including
 * {@code !=}; only {@code exists} tells; list-valued fields match when any value does ({@code allof}: all).
 *
 * <p>All conditions and output fields compiled by one instance share one evaluator per distinct field, computed
 * at most once per event ({@link EventContext#event}); so one instance serves one context's event loop.
 */
public final class FilterCompiler {
    private final EventContext ctx;
    private String source;
    /** One memoized evaluator per distinct field as written, shared by every check this compiler binds. */
    private final Map<String, Field> fields = new HashMap<>();

    /** Set in sharing mode: the compiled node of every distinct subexpression (equal ASTs, positions ignored). */
    private final Map<Expr, EventPredicate> shared;

    public FilterCompiler(EventContext ctx) {
        this(ctx, false);
    }

    private FilterCompiler(EventContext ctx, boolean sharing) {
        this.ctx = ctx;
        this.shared = sharing ? new HashMap<>() : null;
    }

    /**
     * A compiler for many conditions evaluated on the same events (a rules engine): every subexpression
     * (check, {@code and}, {@code or}) equal to one compiled before — within one condition or across
     * conditions, e.g. the same macro expanded in many rules — is bound to the same node, which computes its
     * result once per event ({@link EventContext#event}) and returns it to every rule that asks again, like
     * libsinsp's filter-check cache. Short-circuit order is kept; checks are pure, so sharing never changes a
     * result.
     */
    public static FilterCompiler sharing(EventContext ctx) {
        return new FilterCompiler(ctx, true);
    }

    /** Parses, checks and compiles filter text; blank text is {@link EventPredicate#ALL}. */
    public EventPredicate compile(String filter) throws FilterCompileException {
        return PredicateGenerator.generate(compileTree(filter));
    }

    /** {@link #compile(String)} without generated code: the node tree (tests compare the two). */
    EventPredicate compileTree(String filter) throws FilterCompileException {
        if (filter == null || filter.isBlank()) return EventPredicate.ALL;
        Expr expr;
        try {
            expr = FilterParser.parse(filter);
        } catch (FilterSyntaxException e) {
            throw new FilterCompileException(e.reason(), filter, e.offset(), e.column());
        }
        source = filter;
        try {
            return compileTree(expr);
        } finally {
            source = null;
        }
    }

    /**
     * Checks and compiles a parsed condition (e.g. a Falco rule's condition after macro expansion) into
     * generated code ({@link PredicateGenerator}).
     */
    public EventPredicate compile(Expr expr) throws FilterCompileException {
        return PredicateGenerator.generate(compileTree(expr));
    }

    /**
     * {@link #compile(Expr)} without generated code: the node tree, as rules are bound (a rules file's conditions
     * gain nothing warm from generated code and pay for it at start-up; see talon-cli's DetectBinder).
     */
    public EventPredicate compileTree(Expr expr) throws FilterCompileException {
        return node(checked(expr));
    }

    /**
     * {@code expr} type-checked and normalised by the filter checker, once per expression instance: a rules
     * engine binds a condition ({@link #compileTree}) and then asks for its parts ({@link #compileImplied}),
     * once for every group of event types the rule is in.
     */
    private Expr checked(Expr expr) throws FilterCompileException {
        Expr known = checkedExprs.get(expr);
        if (known != null) return known;
        FilterChecker.Result r = new FilterChecker(FieldCatalog.standard()).check(expr);
        if (!r.ok()) {
            FilterProblem p = r.errors().getFirst();
            throw error(p.message(), p.pos());
        }
        checkedExprs.put(expr, r.expr());
        return r.expr();
    }

    private final Map<Expr, Expr> checkedExprs = new java.util.IdentityHashMap<>();

    /**
     * The part of a condition that reads only the fields named in {@code fields}, as a condition that the whole
     * implies (where it is false, so is the whole): the checks of those fields on constants, joined as the
     * condition joins them. An {@code and} keeps the operands that have such a part and drops the others; an
     * {@code or} has one only when all of its operands have one; a {@code not} has none. Null when nothing of
     * the condition qualifies. In sharing mode the part is bound to the condition's own nodes, so evaluating it
     * also answers those checks for the condition, on the same event.
     */
    public EventPredicate compileImplied(Expr expr, java.util.Set<String> fields) throws FilterCompileException {
        Expr implied = implied(checked(expr), fields);
        return implied == null ? null : node(implied);
    }

    static Expr implied(Expr e, java.util.Set<String> fields) {
        return switch (e) {
            case Expr.And a -> {
                List<Expr> parts = new ArrayList<>();
                for (Expr c : a.children()) {
                    Expr p = implied(c, fields);
                    if (p != null) parts.add(p);
                }
                yield parts.isEmpty() ? null : parts.size() == 1 ? parts.getFirst() : new Expr.And(parts, a.pos());
            }
            case Expr.Or o -> {
                List<Expr> parts = new ArrayList<>();
                for (Expr c : o.children()) {
                    Expr p = implied(c, fields);
                    if (p == null) yield null;
                    parts.add(p);
                }
                yield parts.size() == 1 ? parts.getFirst() : new Expr.Or(parts, o.pos());
            }
            case Expr.UnaryCheck u -> readsOnly(u.lhs(), fields) ? u : null;
            case Expr.BinaryCheck b -> readsOnly(b.lhs(), fields)
                    && (b.rhs() instanceof Operand.Literal || b.rhs() instanceof Operand.ListLiteral) ? b : null;
            case Expr.Not n -> null;
            case Expr.MacroRef m -> null;
        };
    }

    private static boolean readsOnly(Operand.FieldLike lhs, java.util.Set<String> fields) {
        return lhs instanceof Operand.FieldRef f && f.argument() == null && fields.contains(f.name());
    }

    private FilterCompileException error(String msg, SourcePos pos) {
        return new FilterCompileException(msg, source, pos.offset(), pos.column());
    }

    private EventPredicate node(Expr e) throws FilterCompileException {
        if (shared == null) return build(e);
        EventPredicate p = shared.get(e);
        if (p == null) {
            p = build(e);
            shared.put(e, p);
        }
        return p;
    }

    /** Number of distinct subexpressions compiled so far in sharing mode (0 otherwise). */
    public int sharedNodes() {
        return shared == null ? 0 : shared.size();
    }

    private EventPredicate build(Expr e) throws FilterCompileException {
        EventContext memo = shared == null ? null : ctx;
        return switch (e) {
            case Expr.And a -> new Nodes.And(children(a.children()), memo);
            case Expr.Or o -> new Nodes.Or(children(o.children()), memo);
            case Expr.Not n -> new Nodes.Not(node(n.child()));
            case Expr.MacroRef m -> throw error("Undefined macro '" + m.name() + "' used in filter.", m.pos());
            case Expr.UnaryCheck u -> new Nodes.Exists(field(u.lhs()));
            case Expr.BinaryCheck b -> check(b, memo);
        };
    }

    private EventPredicate[] children(List<Expr> list) throws FilterCompileException {
        EventPredicate[] out = new EventPredicate[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = node(list.get(i));
        return out;
    }

    /** The evaluator of a field or transformer operand (output formats use it for %tolower(...)). */
    public Field compileField(Operand.FieldLike o) throws FilterCompileException {
        return field(o);
    }

    /** A field or transformer as an evaluator. */
    Field field(Operand o) throws FilterCompileException {
        try {
            return switch (o) {
                case Operand.FieldRef f -> {
                    ResolvedField r = FieldCatalog.standard().resolve(f)
                            .orElseThrow(() -> new UnknownFieldException("filter_check called with nonexistent field " + f.name()));
                    String written = f.argument() == null ? f.name() : f.name() + "[" + f.argument() + "]";
                    Field cached = fields.get(written);
                    if (cached == null) {
                        cached = Fields.memo(Fields.resolve(r, written, ctx), ctx);
                        fields.put(written, cached);
                    }
                    yield cached;
                }
                case Operand.Transform t -> {
                    List<Object> args = new ArrayList<>();
                    for (Operand a : t.args()) {
                        if (a instanceof Operand.Literal l) args.add(l.text());
                        else args.add(field(a));
                    }
                    yield Transforms.create(t.transformer(), args, t.index(), t.transformer().token() + "(...)");
                }
                case Operand.Val v -> field(v.field());
                default -> throw error("expected a field", o.pos());
            };
        } catch (UnknownFieldException ex) {
            throw error(ex.getMessage(), o.pos());
        }
    }

    private EventPredicate check(Expr.BinaryCheck b, EventContext memo) throws FilterCompileException {
        Field lhs = field(b.lhs());
        Operator op = b.op() == Operator.EQ_EQ ? Operator.EQ : b.op();
        boolean all = b.modifier() == ListModifier.ALLOF;
        Operand rhs = b.rhs();
        if (rhs instanceof Operand.Val || rhs instanceof Operand.FieldRef || rhs instanceof Operand.Transform) {
            Field right = field(rhs);
            return new Nodes.Check(lhs, right, new FieldCompare(op, right), all, memo);
        }
        List<Operand.Literal> lits = switch (rhs) {
            case Operand.Literal l -> List.of(l);
            case Operand.ListLiteral l -> l.items();
            case Operand.ListRef r -> List.of(new Operand.Literal(r.name(), false, r.pos()));
            default -> throw error("unexpected right-hand side", rhs.pos());
        };
        if (lits.isEmpty()) {
            // an empty list matches nothing
            return e -> false;
        }
        Matchers.Matcher m = matcher(lhs.type(), op, lits);
        if (b.lhs() instanceof Operand.FieldRef f && f.name().equals("evt.type") && f.argument() == null) {
            return typeTable(m, new Nodes.Check(lhs, null, m, all, null));
        }
        return new Nodes.Check(lhs, null, m, all, memo);
    }

    private Matchers.Matcher matcher(FieldType type, Operator op, List<Operand.Literal> lits) throws FilterCompileException {
        String[] texts = new String[lits.size()];
        for (int i = 0; i < texts.length; i++) texts[i] = lits.get(i).text();
        if (type == FieldType.DYN) {
            Matchers.Matcher num = null;
            if (op.kind() != Operator.Kind.STRING || op == Operator.EQ || op == Operator.NE) {
                long[] nums = new long[texts.length];
                boolean ok = true;
                for (int i = 0; i < texts.length && ok; i++) {
                    Long v = parseNumber(texts[i]);
                    if (v == null) ok = false;
                    else nums[i] = v;
                }
                if (ok) num = Matchers.number(op, nums, false);
            }
            return Matchers.dyn(num, Matchers.text(op, captureBytes(texts)));
        }
        if (type == FieldType.BOOL) {
            long[] nums = new long[texts.length];
            for (int i = 0; i < texts.length; i++) {
                String t = texts[i];
                if (t.equals("true")) nums[i] = 1;
                else if (t.equals("false")) nums[i] = 0;
                else {
                    Long v = parseNumber(t);
                    if (v == null) throw error("'" + t + "' is not a valid boolean (true/false)", lits.get(i).pos());
                    nums[i] = v;
                }
            }
            return Matchers.number(op, nums, false);
        }
        if (type == FieldType.DOUBLE) {
            try {
                return Matchers.dbl(op, Double.parseDouble(texts[0]));
            } catch (NumberFormatException ex) {
                throw error("'" + texts[0] + "' is not a valid number", lits.get(0).pos());
            }
        }
        if (type.isNumeric()) {
            long[] nums = new long[texts.length];
            for (int i = 0; i < texts.length; i++) {
                Long v = parseNumber(texts[i]);
                if (v == null) throw error("'" + texts[i] + "' is not a valid number", lits.get(i).pos());
                nums[i] = v;
            }
            return Matchers.number(op, nums, Matchers.unsigned(type));
        }
        if (type.isIp()) {
            Matchers.Net[] nets = new Matchers.Net[texts.length];
            for (int i = 0; i < texts.length; i++) {
                nets[i] = parseNet(texts[i]);
                if (nets[i] == null) throw error("'" + texts[i] + "' is not a valid IP address or network", lits.get(i).pos());
            }
            return Matchers.ip(op, nets);
        }
        if (op == Operator.REGEX) {
            for (int i = 0; i < texts.length; i++) {
                try {
                    com.google.re2j.Pattern.compile(texts[i]);
                } catch (com.google.re2j.PatternSyntaxException ex) {
                    throw error("invalid regex '" + texts[i] + "': " + ex.getMessage(), lits.get(i).pos());
                }
            }
        }
        if (op == Operator.BCONTAINS || op == Operator.BSTARTSWITH) {
            for (int i = 0; i < texts.length; i++) {
                if (texts[i].length() % 2 != 0 || !texts[i].matches("[0-9a-fA-F]*")) {
                    throw error("'" + op.token() + "' needs an even-length hex string, got '" + texts[i] + "'", lits.get(i).pos());
                }
            }
        }
        return Matchers.text(op, captureBytes(texts));
    }

    /** Constants as the bytes a capture would hold for them (values are one char per byte, see ByteText). */
    private static String[] captureBytes(String[] texts) {
        String[] out = new String[texts.length];
        for (int i = 0; i < texts.length; i++) out[i] = dev.talon.event.ByteText.fromUnicode(texts[i]);
        return out;
    }

    /** Decimal or 0x-hex, optionally signed; null when not a number. */
    static Long parseNumber(String s) {
        try {
            String t = s.startsWith("+") ? s.substring(1) : s;
            boolean neg = t.startsWith("-");
            String u = neg ? t.substring(1) : t;
            long v;
            if (u.startsWith("0x") || u.startsWith("0X")) v = Long.parseUnsignedLong(u.substring(2), 16);
            else v = Long.parseUnsignedLong(u);
            return neg ? -v : v;
        } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
            return null;
        }
    }

    /** {@code 1.2.3.4}, {@code 10.0.0.0/8}, {@code ::1}, {@code fe80::/10}; null when invalid. */
    static Matchers.Net parseNet(String s) {
        int slash = s.indexOf('/');
        String a = slash < 0 ? s : s.substring(0, slash);
        byte[] addr = s.indexOf(':') >= 0 ? parseV6(a) : parseV4(a);
        if (addr == null) return null;
        int bits = addr.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException ex) {
                return null;
            }
            if (bits < 0 || bits > addr.length * 8) return null;
        }
        return new Matchers.Net(addr, bits);
    }

    private static byte[] parseV4(String a) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255 || parts[i].isEmpty()) return null;
                b[i] = (byte) v;
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        return b;
    }

    private static byte[] parseV6(String a) {
        try {
            if (!a.matches("[0-9a-fA-F:.]+")) return null;
            return java.net.InetAddress.getByName(a).getAddress().length == 16
                    ? java.net.InetAddress.getByName(a).getAddress() : null;
        } catch (java.net.UnknownHostException ex) {
            return null;
        }
    }

    /** evt.type checks evaluated once per event type at compile time (generic syscalls fall back to the check). */
    private static EventPredicate typeTable(Matchers.Matcher m, EventPredicate fallback) {
        boolean[] table = new boolean[EventSchema.typeCount()];
        NameField probe = new NameField();
        for (int t = 2; t < table.length; t++) {
            EventInfo info = EventSchema.info(t);
            probe.set(info == null ? "<unknown>" : info.name());
            table[t] = m.match(probe, 0);
        }
        return new Nodes.TypeTable(table, fallback);
    }

    /** A constant text value, to run a matcher on event type names at compile time. */
    private static final class NameField extends Field {
        NameField() {
            super("evt.type", FieldType.CHARBUF);
        }

        void set(String name) {
            text = name;
        }

        @Override
        public boolean eval(EventView e) {
            return true;
        }
    }

    /** val(field) and bare field names on the right: compare with another field's value of this event. */
    private static final class FieldCompare implements Matchers.Matcher {
        private final Operator op;
        private final Field rhs;
        private final StringBuilder a = new StringBuilder(64);
        private final StringBuilder b = new StringBuilder(64);

        FieldCompare(Operator op, Field rhs) {
            this.op = op;
            this.rhs = rhs;
        }

        @Override
        public boolean match(Field f, int i) {
            if (f.kind() == Field.Kind.NUMBER && rhs.kind() == Field.Kind.NUMBER) {
                long x = f.num(i);
                for (int k = 0; k < rhs.count(); k++) {
                    long y = rhs.num(k);
                    boolean r = switch (op) {
                        case EQ, IN, INTERSECTS -> x == y;
                        case NE -> x != y;
                        case LT -> x < y;
                        case LE -> x <= y;
                        case GT -> x > y;
                        case GE -> x >= y;
                        default -> false;
                    };
                    if (r) return true;
                }
                return false;
            }
            CharSequence x = asText(f, i, a);
            for (int k = 0; k < rhs.count(); k++) {
                CharSequence y = asText(rhs, k, b);
                boolean r = switch (op) {
                    case EQ, IN, INTERSECTS -> Matchers.contentEquals(x, y);
                    case NE -> !Matchers.contentEquals(x, y);
                    case CONTAINS -> Matchers.indexOf(x, y, false) >= 0;
                    case ICONTAINS -> Matchers.indexOf(x, Matchers.lowerAscii(y.toString()), true) >= 0;
                    case STARTSWITH, BSTARTSWITH -> Matchers.startsWith(x, y);
                    case ENDSWITH -> Matchers.endsWith(x, y);
                    case GLOB -> Glob.matches(y, x, false);
                    case IGLOB -> Glob.matches(y, x, true);
                    case PMATCH -> new Matchers.PathPrefix(new String[] {y.toString()}).match(f, i);
                    case LT -> Matchers.compare(x, y) < 0;
                    case LE -> Matchers.compare(x, y) <= 0;
                    case GT -> Matchers.compare(x, y) > 0;
                    case GE -> Matchers.compare(x, y) >= 0;
                    default -> false;
                };
                if (r) return true;
            }
            return false;
        }

        private static CharSequence asText(Field f, int i, StringBuilder sb) {
            if (f.kind() == Field.Kind.TEXT) return f.text(i);
            sb.setLength(0);
            f.append(sb);
            return sb;
        }
    }
}
