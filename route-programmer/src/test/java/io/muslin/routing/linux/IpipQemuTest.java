package io.muslin.routing.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.routing.reconcile.RouteReconciler;
import io.muslin.testing.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ipip for real: the tunl0 CrossSubnet scenario ({@link IpipLab}) with a ping through tunl0 and
 * the outer header checked on the router. Runs in this JVM when this kernel has ipip; otherwise
 * under QEMU with Debian's kernel (which has ipip as a module) when {@code qemu-system-x86},
 * {@code linux-image-amd64} and {@code busybox-static} are installed
 * ({@code MUSLIN_QEMU=1 scripts/test} installs them); otherwise it is skipped with the reason.
 * The guest boots the host's root filesystem read-only over 9p and runs the scenario with the
 * host's JDK (see docs/design/route-programming.md, "Tests and where they run").
 */
class IpipQemuTest {
    private static final List<String> MODULES = List.of(
            "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
            "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "kernel/drivers/virtio/virtio_pci_modern_dev.ko",
            "kernel/drivers/virtio/virtio_pci.ko", "kernel/fs/netfs/netfs.ko", "kernel/fs/fscache/fscache.ko",
            "kernel/net/9p/9pnet.ko", "kernel/net/9p/9pnet_virtio.ko", "kernel/fs/9p/9p.ko",
            "kernel/net/ipv4/tunnel4.ko", "kernel/net/ipv4/ip_tunnel.ko", "kernel/net/ipv4/ipip.ko",
            "kernel/drivers/net/veth.ko");

    @Test
    void podsPingAcrossSubnetsThroughTunl0() throws Exception {
        Lab.requireRoot();
        Prerequisites.require(Prerequisites.executableReason("tcpdump", "/usr/bin/tcpdump", "/usr/sbin/tcpdump"));
        String report;
        if (hostHasIpip()) {
            report = new IpipLab("mrp-" + ProcessHandle.current().pid() + "-q-").runAndReport();
        } else {
            Optional<String> why = qemuMissing();
            Prerequisites.require(why.map(w -> "this kernel has no ipip (RTM_NEWLINK kind ipip -> EOPNOTSUPP) and " + w
                    + "; the ipip netlink messages are still checked byte for byte (LinkAddrNeighGoldenTest)").orElse(null));
            report = runInQemu();
        }
        assertThat(report).contains("MUSLIN-IPIP tunnel READY tunl0 mtu 1480");
        assertThat(report).contains("MUSLIN-IPIP errors [] []");
        assertThat(report).containsPattern("route 192\\.168\\.12\\.0/24 via 10\\.57\\.5\\.21 dev #\\d+ proto 77 onlink via-dev tunl0 mtu 1480");
        assertThat(report).contains("3 received");
        // The outer header on the router: node to node, protocol 4, carrying the pods' packet.
        assertThat(report).containsPattern("outer .*IP 10\\.57\\.4\\.20 > 10\\.57\\.5\\.21: IP 192\\.168\\.10\\.10 > 192\\.168\\.12\\.10: ICMP echo request");
        assertThat(report).contains("MUSLIN-IPIP done");
    }

    private static boolean hostHasIpip() {
        try (Lab.Scratch s = new Lab.Scratch(); LinuxNetlink nl = LinuxNetlink.openIn(s.name())) {
            nl.linkAdd(new LinkSpec.Ipip("mrpprobe0", IpAddress.parse("10.0.0.1")));
            return true;
        } catch (NetlinkException e) {
            return false;
        }
    }

    private static Optional<Path> guestKernel() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/boot"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .filter(p -> Files.exists(Path.of("/lib/modules", version(p), "kernel/net/ipv4/ipip.ko")))
                    .max(Comparator.naturalOrder());
        }
    }

    private static String version(Path vmlinuz) {
        return vmlinuz.getFileName().toString().substring("vmlinuz-".length());
    }

    private static Optional<String> qemuMissing() throws IOException {
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

    private static String where(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String runInQemu() throws Exception {
        Path kernel = guestKernel().orElseThrow();
        String ver = version(kernel);
        Path dir = Files.createTempDirectory("mrp-qemu");
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
                insmod.append("/bin/busybox insmod /lib/modules/").append(name).append('\n');
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            // The classes travel in the initramfs: the guest puts tmpfs over /tmp, /run and /root, which
            // would hide a checkout that lives there (CI may build anywhere).
            List<String> guestCp = new ArrayList<>();
            int n = 0;
            for (String entry : List.of(where(IpAddress.class), where(LinuxNetlink.class), where(RouteReconciler.class),
                    where(IpipLab.class), where(org.slf4j.Logger.class))) {
                Path src = Path.of(entry);
                Path dst = root.resolve("cp/" + n);
                Files.createDirectories(dst.getParent());
                Lab.sh("cp", "-r", src.toString(), dst.toString());
                guestCp.add("/tmp/muslin-cp/" + n);
                n++;
            }
            String cp = String.join(File.pathSeparator, guestCp);
            String init = """
                    #!/bin/busybox sh
                    B=/bin/busybox
                    $B mount -t proc proc /proc; $B mount -t sysfs sys /sys; $B mount -t devtmpfs dev /dev
                    %s
                    $B mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host
                    $B mount -t proc proc /host/proc; $B mount -t sysfs sys /host/sys; $B mount -t devtmpfs dev /host/dev
                    for d in tmp run var/tmp root; do $B mount -t tmpfs tmpfs /host/$d; done
                    $B cp -r /cp /host/tmp/muslin-cp
                    echo MUSLIN-IPIP booted
                    $B chroot /host %s --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -Xmx256m -cp %s io.muslin.routing.linux.IpipLab mrp-q-
                    $B poweroff -f
                    """.formatted(insmod, java, cp);
            Files.writeString(root.resolve("init"), init);
            root.resolve("init").toFile().setExecutable(true);
            Path cpio = dir.resolve("initramfs.cpio");
            Lab.sh("sh", "-c", "cd " + root + " && find . | /bin/busybox cpio -o -H newc > " + cpio + " 2>/dev/null");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/qemu-system-x86_64", "-accel", "tcg,thread=multi", "-smp", "2",
                    "-m", "1024", "-kernel", kernel.toString(), "-initrd", cpio.toString(),
                    "-append", "console=ttyS0 quiet panic=-1", "-nographic", "-no-reboot",
                    "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"));
            Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            StringBuilder console = new StringBuilder();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    console.append(new String(qemu.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    console.append(e);
                }
            });
            if (!qemu.waitFor(240, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
            }
            reader.join(5000);
            System.out.println(console);
            return console.toString().replace("\r", "");
        } finally {
            Lab.sh("rm", "-rf", dir.toString());
        }
    }
}
