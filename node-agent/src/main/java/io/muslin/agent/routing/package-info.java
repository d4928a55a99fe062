/**
 * The agent's side of the route programmer: IP pools as the programmer's encapsulation choices,
 * the speaker's Loc-RIB stream as learned routes, the check for our routes left in the kernel by
 * a previous run, and the programmer's status as the agent reports it.
 */
package io.muslin.agent.routing;
