package io.muslin.bgp.interop;

import io.muslin.testing.Await;
import java.time.Duration;
import java.util.function.BooleanSupplier;

final class Interop {
    private Interop() {
    }

    static void waitFor(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(30), what, condition);
    }

    static void waitFor(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, what, condition);
    }
}
