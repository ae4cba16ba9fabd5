/** Parsing of the settings that the CLI and the consumer share. */
package io.taskmill.config;
