/**
 * The running node: the controller thread that alone turns datastore events into desired state
 * for the speaker and the route programmer, the debouncing of event bursts, and the start and
 * stop of every part in order.
 */
package io.muslin.agent.runtime;
