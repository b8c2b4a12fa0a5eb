package dev.talon.rules;

import dev.talon.filter.Expr;
import dev.talon.filter.ListModifier;
import dev.talon.filter.Operand;
import dev.talon.filter.Operator;
import dev.talon.filter.SourcePos;
import dev.talon.filter.Transformer;
import dev.talon.outputs.Priority;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded {@link RuleSet} as bytes and back, for {@link RuleSetCache}: every field of every rule, the compiled
 * conditions with their source positions, the lists, the messages, then a CRC-32 of it all. Written by Talon
 * for itself; bytes that do not decode (truncated, from another format version, damaged) are an
 * {@link IllegalArgumentException}, and the cache then loads the rules files instead.
 *
 * <p>Hand-written rather than Java serialization: the records are not Serializable, and the stream machinery
 * costs more at start-up (reflection, class descriptors) than the few milliseconds this format takes to read.
 */
final class RuleSetCodec {
    /** Bump when anything written here changes. */
    static final int VERSION = 3;
    private static final int MAGIC = 0x54524331; // "TRC1"

    private RuleSetCodec() {}

    static byte[] encode(RuleSet set) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            Writer w = new Writer(out);
            out.writeInt(set.rules().size());
            for (CompiledRule r : set.rules()) w.rule(r);
            out.writeInt(set.lists().size());
            for (var e : new java.util.TreeMap<>(set.lists()).entrySet()) {
                w.str(e.getKey());
                w.strings(e.getValue());
            }
            out.writeInt(set.messages().size());
            for (RuleMessage m : set.messages()) w.message(m);
            out.writeInt(set.rulesPerFile().size());
            for (var e : new java.util.TreeMap<>(set.rulesPerFile()).entrySet()) {
                w.str(e.getKey());
                out.writeInt(e.getValue());
            }
            out.flush();
            // a checksum of everything before it: damage anywhere is a miss, never a different rule set
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a rule set this version wrote */
    static RuleSet decode(byte[] bytes) {
        if (bytes.length < 12) throw new IllegalArgumentException("truncated");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int end = bytes.length - 4;
        int stored = (bytes[end] & 0xff) << 24 | (bytes[end + 1] & 0xff) << 16 | (bytes[end + 2] & 0xff) << 8
                | (bytes[end + 3] & 0xff);
        if ((int) crc.getValue() != stored) throw new IllegalArgumentException("checksum mismatch");
        Reader r = new Reader(bytes, end);
        try {
            if (r.in.getInt() != MAGIC || r.in.getInt() != VERSION) throw new IllegalArgumentException("not a rule set");
            int n = r.count();
            List<CompiledRule> rules = new ArrayList<>(n);
            for (int i = 0; i < n; i++) rules.add(r.rule());
            n = r.count();
            Map<String, List<String>> lists = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) lists.put(r.str(), r.strings());
            n = r.count();
            List<RuleMessage> messages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) messages.add(r.message());
            n = r.count();
            Map<String, Integer> perFile = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) perFile.put(r.str(), r.in.getInt());
            if (r.in.hasRemaining()) throw new IllegalArgumentException("trailing bytes");
            return new RuleSet(rules, lists, messages, perFile);
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw new IllegalArgumentException("truncated or damaged rule set", e);
        }
    }

    // tags of the sealed expression and operand types
    private static final int AND = 1, OR = 2, NOT = 3, MACRO = 4, UNARY = 5, BINARY = 6;
    private static final int FIELD = 11, TRANSFORM = 12, VAL = 13, LITERAL = 14, LIST = 15, LIST_REF = 16, ARGS = 17;

    private record Writer(DataOutputStream out, Map<String, Integer> seen) {
        Writer(DataOutputStream out) {
            this(out, new java.util.HashMap<>());
        }

        void rule(CompiledRule r) throws IOException {
            out.writeInt(r.index());
            str(r.name());
            str(r.description());
            expr(r.condition());
            str(r.compiledCondition());
            str(r.output());
            str(r.priority().name());
            strings(r.sortedTags());
            str(r.source());
            out.writeBoolean(r.enabled());
            out.writeInt(r.exceptions().size());
            for (ExceptionSpec x : r.exceptions()) {
                str(x.name());
                strings(x.fields());
                strings(x.comps());
                out.writeInt(x.values().size());
                for (List<List<String>> row : x.values()) {
                    out.writeInt(row.size());
                    for (List<String> cell : row) strings(cell);
                }
                out.writeBoolean(x.scalarForm());
            }
            long[] codes = r.eventTypes().codes().toLongArray();
            out.writeInt(codes.length);
            for (long c : codes) out.writeLong(c);
            out.writeBoolean(r.warnEvttypes());
            out.writeBoolean(r.skipIfUnknownFilter());
            out.writeBoolean(r.capture());
            out.writeLong(r.captureDuration());
            str(r.file());
            out.writeInt(r.line());
        }

        void message(RuleMessage m) throws IOException {
            out.writeByte(m.severity().ordinal());
            str(m.file());
            out.writeInt(m.line());
            out.writeInt(m.column());
            str(m.code());
            str(m.text());
            str(m.itemType());
            str(m.itemName());
        }

        void expr(Expr e) throws IOException {
            switch (e) {
                case Expr.And a -> {
                    out.writeByte(AND);
                    exprs(a.children());
                    pos(a.pos());
                }
                case Expr.Or o -> {
                    out.writeByte(OR);
                    exprs(o.children());
                    pos(o.pos());
                }
                case Expr.Not n -> {
                    out.writeByte(NOT);
                    expr(n.child());
                    pos(n.pos());
                }
                case Expr.MacroRef m -> {
                    out.writeByte(MACRO);
                    str(m.name());
                    pos(m.pos());
                }
                case Expr.UnaryCheck u -> {
                    out.writeByte(UNARY);
                    operand(u.lhs());
                    out.writeByte(u.op().ordinal());
                    pos(u.pos());
                }
                case Expr.BinaryCheck b -> {
                    out.writeByte(BINARY);
                    operand(b.lhs());
                    out.writeByte(b.op().ordinal());
                    out.writeByte(b.modifier().ordinal());
                    operand(b.rhs());
                    pos(b.pos());
                }
            }
        }

        void exprs(List<Expr> list) throws IOException {
            out.writeInt(list.size());
            for (Expr e : list) expr(e);
        }

        void operand(Operand o) throws IOException {
            switch (o) {
                case Operand.FieldRef f -> {
                    out.writeByte(FIELD);
                    str(f.name());
                    str(f.argument());
                    pos(f.pos());
                }
                case Operand.Transform t -> {
                    out.writeByte(TRANSFORM);
                    out.writeByte(t.transformer().ordinal());
                    operands(t.args());
                    str(t.index());
                    pos(t.pos());
                }
                case Operand.Val v -> {
                    out.writeByte(VAL);
                    operand(v.field());
                    pos(v.pos());
                }
                case Operand.Literal l -> {
                    out.writeByte(LITERAL);
                    str(l.text());
                    out.writeBoolean(l.quoted());
                    pos(l.pos());
                }
                case Operand.ListLiteral l -> {
                    out.writeByte(LIST);
                    operands(l.items());
                    pos(l.pos());
                }
                case Operand.ListRef l -> {
                    out.writeByte(LIST_REF);
                    str(l.name());
                    pos(l.pos());
                }
                case Operand.ArgList l -> {
                    out.writeByte(ARGS);
                    operands(l.items());
                    pos(l.pos());
                }
            }
        }

        void operands(List<? extends Operand> list) throws IOException {
            out.writeInt(list.size());
            for (Operand o : list) operand(o);
        }

        void pos(SourcePos p) throws IOException {
            out.writeInt(p.offset());
            out.writeInt(p.line());
            out.writeInt(p.column());
            str(p.origin());
        }

        void strings(List<String> list) throws IOException {
            out.writeInt(list.size());
            for (String s : list) str(s);
        }

        /**
         * Length-prefixed UTF-8 (writeUTF stops at 64 KB, which an expanded condition can pass); -1 for null, and
         * -2 - i for the i-th distinct string written before (positions repeat their origin on every node).
         */
        void str(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            Integer i = seen.get(s);
            if (i != null) {
                out.writeInt(-2 - i);
                return;
            }
            seen.put(s, seen.size());
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Big-endian reads from the array, where reading past the end is damage like any other: an IllegalArgumentException. */
    private static final class In {
        private final byte[] b;
        private final int end;
        private int p;

        In(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        int remaining() {
            return end - p;
        }

        boolean hasRemaining() {
            return p < end;
        }

        byte get() {
            if (p >= end) throw new IllegalArgumentException("truncated");
            return b[p++];
        }

        int getInt() {
            if (end - p < 4) throw new IllegalArgumentException("truncated");
            int v = (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            p += 4;
            return v;
        }

        long getLong() {
            return (long) getInt() << 32 | (getInt() & 0xffffffffL);
        }

        String utf8(int n) {
            String s = new String(b, p, n, StandardCharsets.UTF_8);
            p += n;
            return s;
        }
    }

    /**
     * Deepest nesting of expressions and operands read: damage (a checksum recomputed over it, see the fuzz
     * target) could nest a chain deep enough to overflow the stack; a real condition nests far less (the filter
     * parser stops at {@link dev.talon.filter.FilterParser#MAX_DEPTH}), and one deeper only misses the cache.
     */
    static final int MAX_DEPTH = 2 * dev.talon.filter.FilterParser.MAX_DEPTH;

    private record Reader(In in, List<String> seen, int[] depth) {
        /** The first {@code end} bytes of {@code bytes} (the checksum after them is checked already). */
        Reader(byte[] bytes, int end) {
            this(new In(bytes, end), new ArrayList<>(), new int[1]);
        }

        void enter() {
            if (++depth[0] > MAX_DEPTH) throw new IllegalArgumentException("nested too deep");
        }

        int count() {
            int n = in.getInt();
            // every element takes at least a byte: a count beyond what is left is damage, not a huge allocation
            if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("bad count " + n);
            return n;
        }

        CompiledRule rule() {
            int index = in.getInt();
            String name = str();
            String description = str();
            Expr condition = expr();
            String compiled = str();
            String output = str();
            Priority priority = Priority.valueOf(str());
            Set<String> tags = new LinkedHashSet<>(strings());
            String source = str();
            boolean enabled = bool();
            int n = count();
            List<ExceptionSpec> exceptions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String xName = str();
                List<String> fields = strings();
                List<String> comps = strings();
                int rows = count();
                List<List<List<String>>> values = new ArrayList<>(rows);
                for (int k = 0; k < rows; k++) {
                    int cells = count();
                    List<List<String>> row = new ArrayList<>(cells);
                    for (int c = 0; c < cells; c++) row.add(strings());
                    values.add(row);
                }
                exceptions.add(new ExceptionSpec(xName, fields, comps, values, bool()));
            }
            long[] words = new long[count()];
            for (int i = 0; i < words.length; i++) words[i] = in.getLong();
            EventTypeSet types = new EventTypeSet(BitSet.valueOf(words));
            boolean warn = bool();
            boolean skip = bool();
            boolean capture = bool();
            long duration = in.getLong();
            String file = str();
            int line = in.getInt();
            return new CompiledRule(index, name, description, condition, compiled, output, priority, tags, source,
                    enabled, exceptions, types, warn, skip, capture, duration, file, line);
        }

        RuleMessage message() {
            RuleMessage.Severity severity = pick(RuleMessage.Severity.values());
            return new RuleMessage(severity, str(), in.getInt(), in.getInt(), str(), str(), str(), str());
        }

        Expr expr() {
            enter();
            int tag = in.get();
            Expr e = switch (tag) {
                case AND -> new Expr.And(exprs(), pos());
                case OR -> new Expr.Or(exprs(), pos());
                case NOT -> new Expr.Not(expr(), pos());
                case MACRO -> new Expr.MacroRef(str(), pos());
                case UNARY -> new Expr.UnaryCheck(fieldLike(), pick(Operator.values()), pos());
                case BINARY -> new Expr.BinaryCheck(fieldLike(), pick(Operator.values()), pick(ListModifier.values()),
                        operand(), pos());
                default -> throw new IllegalArgumentException("bad expression tag " + tag);
            };
            depth[0]--;
            return e;
        }

        List<Expr> exprs() {
            int n = count();
            List<Expr> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(expr());
            return out;
        }

        Operand.FieldLike fieldLike() {
            if (operand() instanceof Operand.FieldLike f) return f;
            throw new IllegalArgumentException("expected a field");
        }

        Operand operand() {
            enter();
            int tag = in.get();
            Operand read = switch (tag) {
                case FIELD -> new Operand.FieldRef(str(), str(), pos());
                case TRANSFORM -> new Operand.Transform(pick(Transformer.values()), operands(), str(), pos());
                case VAL -> {
                    if (!(operand() instanceof Operand.FieldRef f)) throw new IllegalArgumentException("val() of a non-field");
                    yield new Operand.Val(f, pos());
                }
                case LITERAL -> new Operand.Literal(str(), bool(), pos());
                case LIST -> {
                    List<Operand.Literal> items = new ArrayList<>();
                    for (Operand o : operands()) {
                        if (!(o instanceof Operand.Literal l)) throw new IllegalArgumentException("list of non-literals");
                        items.add(l);
                    }
                    yield new Operand.ListLiteral(items, pos());
                }
                case LIST_REF -> new Operand.ListRef(str(), pos());
                case ARGS -> new Operand.ArgList(operands(), pos());
                default -> throw new IllegalArgumentException("bad operand tag " + tag);
            };
            depth[0]--;
            return read;
        }

        List<Operand> operands() {
            int n = count();
            List<Operand> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(operand());
            return out;
        }

        SourcePos pos() {
            return new SourcePos(in.getInt(), in.getInt(), in.getInt(), str());
        }

        List<String> strings() {
            int n = count();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(str());
            return out;
        }

        String str() {
            int n = in.getInt();
            if (n == -1) return null;
            if (n < -1) {
                int i = -2 - n;
                if (i >= seen.size()) throw new IllegalArgumentException("bad string reference " + n);
                return seen.get(i);
            }
            if (n > in.remaining()) throw new IllegalArgumentException("bad string length " + n);
            String s = in.utf8(n);
            seen.add(s);
            return s;
        }

        boolean bool() {
            int b = in.get();
            if (b != 0 && b != 1) throw new IllegalArgumentException("bad boolean " + b);
            return b == 1;
        }

        <E extends Enum<E>> E pick(E[] values) {
            int i = in.get();
            if (i < 0 || i >= values.length) throw new IllegalArgumentException("bad enum value " + i);
            return values[i];
        }
    }
}
