/** The {@code talon} command line: {@code inspect} (sysdig-compatible capture reading) and {@code detect}. */
package dev.talon.cli;
