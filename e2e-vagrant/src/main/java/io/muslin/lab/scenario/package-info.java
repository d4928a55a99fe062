/**
 * The end-to-end scenarios on a running lab, assertions on packets, kernel routes and the agents'
 * API (never on log lines): paths, MTU, the HTTP API, a bad configuration, an agent killed, agents
 * restarted under traffic, etcd stopped. The same code runs from {@code lab test} and from JUnit.
 */
package io.muslin.lab.scenario;
