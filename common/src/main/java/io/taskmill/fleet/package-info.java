/** The fleet as its workers announce it: heartbeats on the presence log, and who is live. */
package io.taskmill.fleet;
