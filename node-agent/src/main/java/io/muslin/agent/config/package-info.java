/**
 * The agent's configuration: one YAML file, {@code MUSLIN_*} environment variables over it, and
 * validation that names the field path and the reason of the first bad value (the agent exits 2
 * with that line). Pure apart from reading the files the configuration names.
 */
package io.muslin.agent.config;
