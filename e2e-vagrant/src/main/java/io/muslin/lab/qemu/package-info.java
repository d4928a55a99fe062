/**
 * The namespace lab inside Debian's kernel under QEMU, for what this machine's kernel lacks
 * (ipip): {@link io.muslin.lab.qemu.QemuLab}.
 */
package io.muslin.lab.qemu;
