/** Offline inspection of captures: the sysdig-compatible pipeline (state → filter → format). */
package dev.talon.inspect;
