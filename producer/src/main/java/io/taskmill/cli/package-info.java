/** The {@code taskmill} command line: one class per subcommand, with shared option groups and printers. */
package io.taskmill.cli;
