package io.muslin.bgp.bfd;

/** {@link BfdInteropTest} against BIRD 2's {@code protocol bfd}. */
class BirdBfdInteropTest extends BfdInteropTest {
    @Override
    BfdDaemon newDaemon() {
        return new BirdBfd();
    }
}
