package io.muslin.lab.qemu;

import io.muslin.lab.driver.LabException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The namespace lab inside Debian's kernel under QEMU, for a topology this machine's kernel cannot
 * run (ipip): the guest boots a small busybox initramfs that loads the modules the lab needs
 * (9p, virtio, veth, bridge, ipip), mounts this machine's root read-only over 9p with tmpfs over
 * {@code /tmp}, {@code /run}, {@code /var/tmp} and {@code /root}, and runs {@code e2e-vagrant/lab up
 * TOPOLOGY}, {@code lab test} and {@code lab down} from the checkout in a chroot. TCG only (no
 * usable KVM here): slow, but the real kernel path. The console is handed to {@code sink} line by line.
 */
public final class QemuLab {
    private static final List<String> MODULES = List.of(
            "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
            "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "kernel/drivers/virtio/virtio_pci_modern_dev.ko",
            "kernel/drivers/virtio/virtio_pci.ko", "kernel/fs/netfs/netfs.ko", "kernel/fs/fscache/fscache.ko",
            "kernel/net/9p/9pnet.ko", "kernel/net/9p/9pnet_virtio.ko", "kernel/fs/9p/9p.ko",
            "kernel/net/ipv4/tunnel4.ko", "kernel/net/ipv4/ip_tunnel.ko", "kernel/net/ipv4/ipip.ko",
            "kernel/drivers/net/veth.ko", "kernel/net/llc/llc.ko", "kernel/net/802/stp.ko", "kernel/net/bridge/bridge.ko");
    public static final String DONE = "MUSLIN-LAB-QEMU done";

    private QemuLab() {
    }

    /** Why it cannot run here, or empty when it can. */
    public static Optional<String> missing() {
        if (!Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))) {
            return Optional.of("qemu-system-x86 is not installed");
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return Optional.of("busybox-static is not installed");
        }
        if (guestKernel().isEmpty()) {
            return Optional.of("no /boot/vmlinuz-* with an ipip.ko module (linux-image-amd64) is installed");
        }
        return Optional.empty();
    }

    private static Optional<Path> guestKernel() {
        try (Stream<Path> s = Files.list(Path.of("/boot"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .filter(p -> Files.exists(Path.of("/lib/modules", version(p), "kernel/net/ipv4/ipip.ko")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String version(Path vmlinuz) {
        return vmlinuz.getFileName().toString().substring("vmlinuz-".length());
    }

    /**
     * Boots the guest and runs the lab in it; returns the console. {@code muslinRoot} must not lie
     * under /tmp, /run, /var/tmp or /root (the guest covers those with tmpfs).
     */
    public static String run(Path muslinRoot, String topology, int timeoutSeconds, Consumer<String> sink) {
        Path kernel = guestKernel().orElseThrow(() -> new LabException(missing().orElse("no guest kernel")));
        String ver = version(kernel);
        Path dir;
        try {
            dir = Files.createTempDirectory("muslin-lab-qemu");
        } catch (IOException e) {
            throw new LabException("cannot make a temporary directory: " + e.getMessage());
        }
        try {
            Path root = dir.resolve("root");
            for (String d : List.of("bin", "lib/modules", "proc", "sys", "dev", "host")) {
                Files.createDirectories(root.resolve(d));
            }
            Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            StringBuilder insmod = new StringBuilder();
            for (String m : MODULES) {
                String name = Path.of(m).getFileName().toString();
                Files.copy(Path.of("/lib/modules", ver, m), root.resolve("lib/modules/" + name));
                insmod.append("$B insmod /lib/modules/").append(name).append('\n');
            }
            String script = """
                    cd %s
                    # MUSLIN_AOT=0: the AOT cache made on this machine's CPU holds code the emulated CPU lacks (SIGILL).
                    export MUSLIN_POLICY_ENABLED=false MUSLIN_LAB_READY_SECONDS=900 MUSLIN_AOT=0
                    export MUSLIN_LAB_AGENT_JAVA_OPTS='-Xmx160m -XX:TieredStopAtLevel=1'
                    echo MUSLIN-LAB-QEMU up; e2e-vagrant/lab up %s && { echo MUSLIN-LAB-QEMU status; e2e-vagrant/lab status;
                      echo MUSLIN-LAB-QEMU test; e2e-vagrant/lab test; echo "MUSLIN-LAB-QEMU test exit $?"; }
                    echo MUSLIN-LAB-QEMU down; e2e-vagrant/lab down
                    """.formatted(muslinRoot, topology);
            Files.writeString(root.resolve("lab.sh"), script);
            String init = """
                    #!/bin/busybox sh
                    B=/bin/busybox
                    $B mount -t proc proc /proc; $B mount -t sysfs sys /sys; $B mount -t devtmpfs dev /dev
                    %s
                    $B mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host
                    $B mount -t proc proc /host/proc; $B mount -t sysfs sys /host/sys; $B mount -t devtmpfs dev /host/dev
                    for d in tmp run var/tmp root; do $B mount -t tmpfs tmpfs /host/$d; done
                    $B cp /lab.sh /host/tmp/lab.sh
                    echo MUSLIN-LAB-QEMU booted
                    $B chroot /host /bin/bash /tmp/lab.sh 2>&1
                    echo %s
                    $B poweroff -f
                    """.formatted(insmod, DONE);
            Files.writeString(root.resolve("init"), init);
            root.resolve("init").toFile().setExecutable(true);
            Path cpio = dir.resolve("initramfs.cpio");
            Process pack = new ProcessBuilder("sh", "-c", "cd " + root + " && find . | /bin/busybox cpio -o -H newc > " + cpio + " 2>/dev/null")
                    .inheritIO().start();
            if (pack.waitFor() != 0) {
                throw new LabException("cannot pack the initramfs");
            }
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/qemu-system-x86_64", "-accel", "tcg,thread=multi", "-smp", "2",
                    "-m", "3072", "-kernel", kernel.toString(), "-initrd", cpio.toString(),
                    "-append", "console=ttyS0 quiet panic=-1", "-nographic", "-no-reboot", "-nic", "none",
                    "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"));
            Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            StringBuilder console = new StringBuilder();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        line = line.replace("\r", "");
                        console.append(line).append('\n');
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    console.append(e).append('\n');
                }
            });
            if (!qemu.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
                qemu.waitFor(10, TimeUnit.SECONDS);
                console.append("MUSLIN-LAB-QEMU timed out after ").append(timeoutSeconds).append(" s\n");
            }
            reader.join(5000);
            return console.toString();
        } catch (IOException e) {
            throw new LabException("QEMU lab: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
