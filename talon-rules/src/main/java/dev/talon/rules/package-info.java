/**
 * Falco rules files: loading (YAML with line/column marks), the list/macro/rule namespace with
 * append/override semantics, exceptions, list and macro expansion into the condition AST of
 * talon-filter, field validation, event-type sets and the compiled-rule model.
 *
 * <p>Entry point: {@link dev.talon.rules.RuleLoader}; {@link dev.talon.rules.BundledRules} is Falco's
 * stable rule set shipped as the default. Running rules against events is the
 * {@link dev.talon.rules.engine} package; binding a condition to field evaluators is left to a
 * {@link dev.talon.rules.engine.RuleBinder} (talon-inspect's filter compiler in the CLI).
 */
package dev.talon.rules;
