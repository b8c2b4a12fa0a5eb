/** Machine state rebuilt from events and capture metadata: threads, fd tables, users. */
package dev.talon.inspect.state;
