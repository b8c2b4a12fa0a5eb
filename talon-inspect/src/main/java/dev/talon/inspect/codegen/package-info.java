/** The class-file plumbing the filter and format generators share: one-method hidden classes over class data. */
package dev.talon.inspect.codegen;
