/**
 * The sysdig/Falco filter (condition) language front end: lexer, recursive-descent parser,
 * immutable AST, canonical printer, field catalogue (generated from {@code fields.tsv}) and a
 * static checker that validates fields, operators, arguments and regexes against the catalogue.
 *
 * <p>Nothing here reads events: field <em>evaluation</em> binds to this AST elsewhere
 * (talon-inspect). Entry points: {@link dev.talon.filter.FilterParser#parse(String)},
 * {@link dev.talon.filter.FilterPrinter#print(Expr)}, {@link dev.talon.filter.FieldCatalog#standard()}
 * and {@link dev.talon.filter.FilterChecker}.
 */
package dev.talon.filter;
