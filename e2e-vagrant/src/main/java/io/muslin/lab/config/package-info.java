/**
 * What the lab writes for the parts it runs, as pure text or datastore records: the routers'
 * BIRD/FRR configurations, the agents' configuration files, and the starting resources in etcd.
 */
package io.muslin.lab.config;
