/**
 * The filter compiler: talon-filter's condition AST → a tree of small evaluator objects bound once to typed
 * field accessors ({@link dev.talon.inspect.field.Field}), evaluated per event without name lookups or
 * allocation, then turned into one generated class per condition ({@code PredicateGenerator}) whose calls
 * to checks, fields and matchers are bound by the JIT to their classes. Entry points: {@link dev.talon.inspect.filter.FilterCompiler#compile(String)} for sysdig filter
 * text and {@link dev.talon.inspect.filter.FilterCompiler#compile(dev.talon.filter.Expr)} for an AST (Falco
 * rule conditions after macro expansion).
 */
package dev.talon.inspect.filter;
