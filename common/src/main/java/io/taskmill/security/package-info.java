/**
 * Signed messages: an HMAC-SHA256 over every task and event a process publishes, under a key
 * id, so that workers and joins can tell what a holder of the key wrote from what anyone
 * else with access to the broker did.
 */
package io.taskmill.security;
