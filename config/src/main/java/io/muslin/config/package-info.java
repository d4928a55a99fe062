/**
 * Configuration files read field by field: {@link io.muslin.config.ConfigNode} walks a parsed YAML
 * (or JSON) mapping and turns every wrong value into a {@link io.muslin.config.ConfigException}
 * that names the field path ({@code peers[1].holdTime}), the environment variable that set it if
 * one did, and the reason. Used by {@code muslin-bgp} and the node agent.
 */
package io.muslin.config;
