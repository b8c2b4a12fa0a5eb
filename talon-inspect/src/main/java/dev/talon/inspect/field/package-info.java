/** Filter/format fields (evt.*, proc.*, thread.*, fd.*), resolved once by name and evaluated per event. */
package dev.talon.inspect.field;
