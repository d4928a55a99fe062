/**
 * Muslin's CNI plugin: the process the container runtime executes for every pod operation
 * ({@link io.muslin.cni.Main}), and the training run that makes its ahead-of-time cache
 * ({@link io.muslin.cni.Train}). The specification's data is in {@code spec}, the operations in
 * {@code plugin}, the installer in {@code install}.
 */
package io.muslin.cni;
