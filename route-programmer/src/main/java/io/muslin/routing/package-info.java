/**
 * Desired routes to kernel routes: encapsulation decision (host-gw, ipip, vxlan), tunnel devices, blackholes for own blocks, reconciliation.
 */
package io.muslin.routing;
