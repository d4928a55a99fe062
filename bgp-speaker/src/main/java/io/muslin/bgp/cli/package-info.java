/**
 * The standalone speaker {@code bin/muslin-bgp --config FILE.yaml [--print-routes]}: a validated
 * YAML configuration (errors name the field and the reason), JSON lines for state changes and
 * routes on stdout, and {@code GET /status} over vert.x.
 */
package io.muslin.bgp.cli;
