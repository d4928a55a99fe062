/**
 * The {@code muslin} command line (picocli): {@code agent} runs the daemon; {@code status} and
 * {@code routes} read the agent's HTTP API; {@code ipam}, {@code pools}, {@code peers} and
 * {@code node cleanup} work on the datastore. Tables by default, {@code -o json|yaml} for scripts,
 * one line and a non-zero exit status on any failure.
 */
package io.muslin.agent.cli;
