/** What the launchers' build steps share: the loading half of a class-data archive's training run. */
package io.taskmill.launch;
