package dev.talon.rules;

import dev.talon.filter.Expr;
import dev.talon.filter.FieldCatalog;
import dev.talon.filter.FilterChecker;
import dev.talon.filter.FilterParser;
import dev.talon.filter.FilterPrinter;
import dev.talon.filter.FilterProblem;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.rules.Defs.ListDef;
import dev.talon.rules.Defs.Loc;
import dev.talon.rules.Defs.MacroDef;
import dev.talon.rules.Defs.RuleDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Second phase of loading, run once after all files are collected: expands lists (textually,
 * nested lists by definition order), parses macros, builds each rule's condition (with its
 * exceptions), expands macros subject to visibility, checks fields, computes event types and
 * validates outputs. Order and wording follow Falco's rule_loader_compiler.
 */
final class Compiler {
    private final Collector c;
    private final FieldCatalog catalog;
    private final Map<String, List<String>> expandedLists = new LinkedHashMap<>();
    private final Map<String, Expr> macroAsts = new HashMap<>();
    private final List<ListDef> listsInOrder;

    Compiler(Collector c) {
        this.c = c;
        this.catalog = c.catalog;
        this.listsInOrder = c.lists.values().stream().sorted((a, b) -> Integer.compare(a.index, b.index)).toList();
    }

    private void msg(RuleMessage.Severity sev, Loc at, String code, String text, String type, String name) {
        c.add(sev, at, code, text, type, name);
    }

    RuleSet compile() {
        expandLists();
        parseMacros();
        List<CompiledRule> out = new ArrayList<>();
        Map<String, Integer> perFile = new LinkedHashMap<>();
        List<RuleDef> rules = c.rules.values().stream().sorted((a, b) -> Integer.compare(a.index, b.index)).toList();
        for (RuleDef r : rules) {
            perFile.merge(r.definingFile, 1, Integer::sum);
            CompiledRule cr = compileRule(r);
            if (cr != null) {
                out.add(cr);
            }
        }
        for (MacroDef m : c.macros.values()) {
            if (!m.used) {
                msg(RuleMessage.Severity.WARNING, m.loc, "LOAD_UNUSED_MACRO", "Macro not referred to by any other rule/macro",
                        "macro", m.name);
            }
        }
        for (ListDef l : listsInOrder) {
            if (!l.used) {
                msg(RuleMessage.Severity.WARNING, l.loc, "LOAD_UNUSED_LIST", "List not referred to by any other rule/macro",
                        "list", l.name);
            }
        }
        return new RuleSet(out, expandedLists, c.messages, perFile);
    }

    // ---- lists ----

    private void expandLists() {
        for (ListDef l : listsInOrder) {
            List<String> items = new ArrayList<>();
            for (String item : l.items) {
                ListDef ref = c.lists.get(item);
                if (ref != null && ref != l && ref.index < l.visibility && expandedLists.containsKey(item)) {
                    ref.used = true;
                    items.addAll(expandedLists.get(item));
                } else {
                    items.add(item);
                }
            }
            expandedLists.put(l.name, items);
        }
    }

    /** Falco's textual list substitution: every delimited occurrence of a list name becomes its items. */
    String substituteLists(String text) {
        String out = text;
        for (ListDef l : listsInOrder) {
            if (out.contains(l.name)) {
                String replaced = substitute(out, l.name, expandedLists.get(l.name));
                if (!replaced.equals(out)) {
                    l.used = true;
                    out = replaced;
                }
            }
        }
        return out;
    }

    private static boolean delimiter(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '(' || ch == ')' || ch == ',' || ch == '=';
    }

    static String substitute(String text, String name, List<String> items) {
        StringBuilder joined = new StringBuilder();
        for (String item : items) {
            if (!joined.isEmpty()) {
                joined.append(", ");
            }
            boolean quote = item.indexOf(' ') >= 0 && !item.startsWith("\"") && !item.startsWith("'");
            joined.append(quote ? "\"" + item + "\"" : item);
        }
        String rep = joined.toString();
        StringBuilder sb = new StringBuilder(text);
        int from = 0;
        while (true) {
            int at = sb.indexOf(name, from);
            if (at < 0) {
                break;
            }
            int end = at + name.length();
            boolean startOk = at == 0 || delimiter(sb.charAt(at - 1));
            boolean endOk = end == sb.length() || delimiter(sb.charAt(end));
            if (!startOk || !endOk) {
                from = at + 1;
                continue;
            }
            int delStart = at;
            int delEnd = end;
            if (rep.isEmpty()) {
                // an empty list also eats one adjacent comma, so "(a, empty, b)" stays a valid list
                int j = end;
                while (j < sb.length() && Character.isWhitespace(sb.charAt(j))) {
                    j++;
                }
                if (j < sb.length() && sb.charAt(j) == ',') {
                    delEnd = j + 1;
                } else {
                    int i = at - 1;
                    while (i >= 0 && Character.isWhitespace(sb.charAt(i))) {
                        i--;
                    }
                    if (i >= 0 && sb.charAt(i) == ',') {
                        delStart = i;
                    }
                }
            }
            sb.replace(delStart, delEnd, rep);
            from = delStart + rep.length();
        }
        return sb.toString();
    }

    // ---- macros ----

    private void parseMacros() {
        for (MacroDef m : c.macros.values()) {
            String text = substituteLists(m.condition);
            try {
                macroAsts.put(m.name, FilterParser.parse(text, "macro " + m.name));
            } catch (FilterSyntaxException e) {
                msg(RuleMessage.Severity.ERROR, m.conditionLoc, "LOAD_ERR_COMPILE_CONDITION", e.getMessage()
                        + "\n" + e.caretLine(), "macro", m.name);
            }
        }
    }

    private static final class Undefined extends Exception {
        final String text;

        Undefined(String text) {
            super(text, null, false, false);
            this.text = text;
        }
    }

    /**
     * Replaces macro references. A macro may be referenced from anywhere, whatever its position:
     * the stable rules use macros defined further down the same file (falco_rules.yaml line 605
     * uses {@code user_shell_container_exclusions}, defined at line 784) and Falco loads them, so the
     * visibility limit applies to lists-in-lists only; {@code visibility} is kept for that reason.
     */
    private Expr expandMacros(Expr e, int visibility, Deque<String> stack) throws Undefined {
        return switch (e) {
            case Expr.And a -> {
                List<Expr> ch = new ArrayList<>();
                for (Expr x : a.children()) {
                    ch.add(expandMacros(x, visibility, stack));
                }
                yield new Expr.And(ch, a.pos());
            }
            case Expr.Or o -> {
                List<Expr> ch = new ArrayList<>();
                for (Expr x : o.children()) {
                    ch.add(expandMacros(x, visibility, stack));
                }
                yield new Expr.Or(ch, o.pos());
            }
            case Expr.Not n -> new Expr.Not(expandMacros(n.child(), visibility, stack), n.pos());
            case Expr.MacroRef ref -> {
                MacroDef m = c.macros.get(ref.name());
                if (m == null) {
                    throw new Undefined("Undefined macro '" + ref.name() + "' used in filter.");
                }
                if (stack.contains(m.name)) {
                    throw new Undefined("Macro '" + m.name + "' refers to itself (reference loop: "
                            + String.join(" -> ", stack.reversed()) + " -> " + m.name + ")");
                }
                m.used = true;
                Expr body = macroAsts.get(m.name);
                if (body == null) {
                    throw new Undefined("Macro '" + m.name + "' has an invalid condition");
                }
                stack.push(m.name);
                Expr expanded = expandMacros(body, m.visibility, stack);
                stack.pop();
                yield expanded;
            }
            case Expr.UnaryCheck u -> u;
            case Expr.BinaryCheck b -> b;
        };
    }

    // ---- rules ----

    private CompiledRule compileRule(RuleDef r) {
        String text = RuleConditions.withExceptions(r.condition, r.exceptions);
        String expandedText = substituteLists(text);
        Expr parsed;
        try {
            parsed = FilterParser.parse(expandedText, "rule " + r.name);
        } catch (FilterSyntaxException e) {
            msg(RuleMessage.Severity.ERROR, r.conditionLoc, "LOAD_ERR_COMPILE_CONDITION",
                    e.getMessage() + "\n" + e.caretLine(), "rule", r.name);
            return null;
        }
        Expr expanded;
        try {
            expanded = expandMacros(parsed, r.visibility, new ArrayDeque<>());
        } catch (Undefined u) {
            msg(RuleMessage.Severity.ERROR, r.conditionLoc, "LOAD_ERR_VALIDATE", u.text, "rule", r.name);
            return null;
        }
        FilterChecker.Result checked = new FilterChecker(catalog).check(expanded);
        List<FilterProblem> errors = checked.errors();
        if (!errors.isEmpty()) {
            boolean unknownOnly = errors.stream().allMatch(p -> p.code() == FilterProblem.Code.UNKNOWN_FIELD);
            if (r.skipIfUnknownFilter && unknownOnly) {
                msg(RuleMessage.Severity.WARNING, r.conditionLoc, "LOAD_UNKNOWN_FILTER", "Skipping rule: "
                        + errors.getFirst().message() + where(errors.getFirst()), "rule", r.name);
                return null;
            }
            for (FilterProblem p : errors) {
                msg(RuleMessage.Severity.ERROR, r.conditionLoc, "LOAD_ERR_COMPILE_CONDITION", p.message() + where(p),
                        "rule", r.name);
            }
            return null;
        }
        for (FilterProblem w : checked.warnings()) {
            String code = switch (w.code()) {
                case FIELD_AS_VALUE -> "LOAD_COMPILE_CONDITION";
                case UNSAFE_NA_CHECK -> "LOAD_UNSAFE_NA_CHECK";
                default -> null; // deprecated fields are used by the stock rules; Falco does not warn
            };
            if (code != null) {
                msg(RuleMessage.Severity.WARNING, r.conditionLoc, code, w.message() + where(w), "rule", r.name);
            }
        }
        Expr condition = checked.expr();
        EventTypes.Result types = EventTypes.of(condition);
        if (!types.unknownNames().isEmpty()) {
            String text2 = "Unknown event type(s) " + String.join(", ", types.unknownNames()) + " in condition";
            if (r.skipIfUnknownFilter) {
                msg(RuleMessage.Severity.WARNING, r.conditionLoc, "LOAD_UNKNOWN_FILTER", "Skipping rule: " + text2, "rule", r.name);
                return null;
            }
            msg(RuleMessage.Severity.WARNING, r.conditionLoc, "LOAD_UNKNOWN_FILTER", text2, "rule", r.name);
        }
        if (r.warnEvttypes && types.set().size() > 100) {
            msg(RuleMessage.Severity.WARNING, r.conditionLoc, "LOAD_NO_EVTTYPE",
                    "Rule matches too many evt.type values. This has a significant performance penalty.", "rule", r.name);
        }
        OutputFormat.Result out = OutputFormat.check(r.output, catalog);
        if (out.error() != null) {
            msg(RuleMessage.Severity.ERROR, r.loc, "LOAD_ERR_COMPILE_OUTPUT", out.error(), "rule", r.name);
            return null;
        }
        if (out.usedContainerInfo()) {
            msg(RuleMessage.Severity.WARNING, r.loc, "LOAD_DEPRECATED_ITEM", "%container.info is deprecated and "
                    + "replaced by the empty string; use explicit container.* fields instead", "rule", r.name);
        }
        return new CompiledRule(r.index, r.name, r.desc, condition, FilterPrinter.print(condition), out.format(),
                r.priority, r.tags, r.source, r.enabled, r.exceptions, types.set(), r.warnEvttypes,
                r.skipIfUnknownFilter, r.capture, r.captureDuration, r.loc.file(), r.loc.line());
    }

    /** Where in which condition text a checker problem is ({@code (in macro x, column 12)}). */
    private static String where(FilterProblem p) {
        String origin = p.pos().origin();
        String in = origin.startsWith("macro ") ? "in macro '" + origin.substring(6) + "', " : "";
        return " (" + in + "line " + p.pos().line() + ", column " + p.column() + ")";
    }
}
