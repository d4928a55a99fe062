/**
 * What a speaker should be, as values: {@link io.muslin.bgp.settings.DesiredState} (the speaker's
 * start-time {@link io.muslin.bgp.settings.SpeakerSettings}, the runtime
 * {@link io.muslin.bgp.settings.RoutingSettings}, the {@link io.muslin.bgp.settings.PeerSpec}s
 * with their {@link io.muslin.bgp.settings.SessionSpec} and {@link io.muslin.bgp.settings.PeerPolicy},
 * and the {@link io.muslin.bgp.settings.OriginatedRoute}s), and the filters modelled on Calico's
 * BGPFilter ({@link io.muslin.bgp.settings.Filter}, {@link io.muslin.bgp.settings.FilterRule},
 * which also parses rules from the plain text values of a resource or a file).
 *
 * <p>Every value checks itself when built: a bad one throws
 * {@link io.muslin.bgp.settings.SettingException} naming the field and the reason, which a caller
 * puts under its own path ({@code peers[2].holdTime}, {@code spec.keepaliveTime}). Nothing here
 * reads a file or the environment; nothing here runs: the speaker
 * ({@code io.muslin.bgp.speaker.Speaker}) takes these values and the RIB evaluates the filters.
 */
package io.muslin.bgp.settings;
