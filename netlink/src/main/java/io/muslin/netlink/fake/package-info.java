/**
 * {@link io.muslin.netlink.fake.FakeNetlink}: a stateful, in-memory kernel behind the
 * {@link io.muslin.netlink.Netlink} interface, with failure injection and the events an owner's
 * monitor would deliver, for unit tests of the route programmer and the agent.
 */
package io.muslin.netlink.fake;
