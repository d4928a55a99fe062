/**
 * Stateful fakes of the filter table, the ipsets and the conntrack table, for tests here and in
 * the agent. They behave like the kernel where our code depends on it, and can be told to fail.
 */
package io.muslin.policy.fake;
