/** W3C trace context on tasks and OpenTelemetry API spans around publishing and running them. */
package io.taskmill.trace;
