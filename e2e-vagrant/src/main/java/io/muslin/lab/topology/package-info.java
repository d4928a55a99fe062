/**
 * The lab's topology: the model both drivers build ({@link io.muslin.lab.topology.Topology}), read
 * and checked field by field from one YAML file ({@link io.muslin.lab.topology.TopologyReader}).
 * Pure: no processes, no files other than the one read.
 */
package io.muslin.lab.topology;
