/** The {@code muslin-policy} command: detect the backend, show what is ours, clean it all up. */
package io.muslin.policy.cli;
