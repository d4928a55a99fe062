/**
 * The standalone speaker {@code bin/muslin-bgp --config FILE.yaml [--print-routes]}: a thin YAML
 * front end on the speaker API ({@code io.muslin.bgp.speaker.Speaker}). The file is read into a
 * {@code DesiredState} (errors name the YAML path and the reason), {@code kill -HUP} applies a
 * re-read file, events are JSON lines on stdout (one per event) and {@code GET /status} is served
 * by vert.x.
 */
package io.muslin.bgp.cli;
