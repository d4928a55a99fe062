/**
 * This host as the agent sees it: its interfaces read from netlink for address autodetection,
 * the uplink's MTU, and the small files the CNI plugin reads ({@code nodename}, {@code mtu}).
 */
package io.muslin.agent.host;
