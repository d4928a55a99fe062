/**
 * The plugin's install step ({@code muslin cni install}, the DaemonSet's init container): the
 * launcher, the jars and a conflist chained with {@code portmap}, written atomically into the CNI
 * directories ({@link io.muslin.cni.install.CniInstaller}).
 */
package io.muslin.cni.install;
