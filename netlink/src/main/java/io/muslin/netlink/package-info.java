/**
 * rtnetlink over the Java FFM API: routes, links, addresses, neighbours, dumps, batched requests, change monitor, network-namespace helper.
 */
package io.muslin.netlink;
