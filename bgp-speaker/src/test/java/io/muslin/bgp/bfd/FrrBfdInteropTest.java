package io.muslin.bgp.bfd;

/** {@link BfdInteropTest} against FRR's bfdd. */
class FrrBfdInteropTest extends BfdInteropTest {
    @Override
    BfdDaemon newDaemon() {
        return new FrrBfd();
    }
}
