/**
 * {@code talon.yaml}: Talon's configuration file, with Falco's key names ({@code stdout_output},
 * {@code json_output}, {@code http_output.url}...) and Falco's {@code -o key=value} overrides.
 * Every key is declared with a type; an unknown key, a wrongly typed value or a YAML syntax error is a
 * {@link dev.talon.outputs.config.ConfigException} naming the key and its line:column. Falco keys that
 * Talon accepts but does not act on produce warnings, so a stock {@code falco.yaml} still loads.
 */
package dev.talon.outputs.config;
