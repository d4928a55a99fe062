package io.muslin.routing.linux;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.Route;
import io.muslin.netlink.fake.FakeNetlink;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link FakeNetlink} whose batch writes can be held at a gate: a kernel that is busy writing. */
final class GatedNetlink implements Netlink {
    final FakeNetlink fake;
    private volatile CountDownLatch gate;
    private final CountDownLatch entered = new CountDownLatch(1);

    GatedNetlink(FakeNetlink fake) {
        this.fake = fake;
    }

    /** The next batches wait until {@link #open()}. */
    void close(boolean closed) {
        gate = closed ? new CountDownLatch(1) : null;
    }

    void open() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits until a batch is held at the gate. */
    boolean awaitHeld() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    @Override
    public BatchResult apply(Batch batch) {
        CountDownLatch g = gate;
        if (g != null) {
            entered.countDown();
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return fake.apply(batch);
    }

    @Override
    public Route routeGet(IpAddress dst) {
        return fake.routeGet(dst);
    }

    @Override
    public List<Route> routeList(int family) {
        return fake.routeList(family);
    }

    @Override
    public List<Link> linkList() {
        return fake.linkList();
    }

    @Override
    public Optional<Link> linkByName(String name) {
        return fake.linkByName(name);
    }

    @Override
    public void linkAdd(LinkSpec spec) {
        fake.linkAdd(spec);
    }

    @Override
    public void linkDel(int index) {
        fake.linkDel(index);
    }

    @Override
    public void linkSetUp(int index, boolean up) {
        fake.linkSetUp(index, up);
    }

    @Override
    public void linkSetMtu(int index, int mtu) {
        fake.linkSetMtu(index, mtu);
    }

    @Override
    public void linkSetAddress(int index, MacAddress mac) {
        fake.linkSetAddress(index, mac);
    }

    @Override
    public void linkSetNetns(int index, String namespace) {
        fake.linkSetNetns(index, namespace);
    }

    @Override
    public List<Addr> addrList(int family) {
        return fake.addrList(family);
    }

    @Override
    public List<Neigh> neighList(int family) {
        return fake.neighList(family);
    }

    @Override
    public void close() {
        fake.close();
    }
}
