/**
 * Unique keys: which submission of a key runs, decided in the deployment's unique-key log
 * ({@link io.taskmill.unique.UniqueKeys}), the same on every broker.
 */
package io.taskmill.unique;
