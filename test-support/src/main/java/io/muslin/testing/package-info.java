/**
 * Helpers shared by the modules' tests (a test-scoped dependency; production code never uses it):
 * {@link io.muslin.testing.Commands} runs a command and returns its exit status and output,
 * {@link io.muslin.testing.Netns} makes a network namespace a test owns and always removes
 * (including its processes, also at JVM exit), with veth links, bridges and a thread inside it for
 * creating sockets there; {@link io.muslin.testing.Await} polls a condition with a deadline;
 * {@link io.muslin.testing.Prerequisites} is the one way a test states what it needs: a skip with the
 * reason outside CI, a failure under CI. {@link io.muslin.testing.EtcdProcess} runs a real etcd on
 * loopback ({@link io.muslin.testing.EtcdFixture} as a JUnit extension), {@link io.muslin.testing.TcpProxy}
 * puts a cuttable connection between a client and a server, and
 * {@link io.muslin.testing.ArchitectureRules} holds the ArchUnit rules every module checks.
 */
package io.muslin.testing;
