/** sysdig-identical rendering: evt.info parameters, -p formats, buffer modes, JSON lines. */
package dev.talon.inspect.format;
