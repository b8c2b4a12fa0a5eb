/**
 * Falco rules files: loading (YAML with line/column marks), the list/macro/rule namespace with
 * append/override semantics, exceptions, list and macro expansion into the condition AST of
 * talon-filter, field validation, event-type sets and the compiled-rule model.
 *
 * <p>Entry point: {@link dev.talon.rules.RuleLoader}. Evaluation of compiled conditions against
 * events is not here (talon-inspect binds to the AST).
 */
package dev.talon.rules;
