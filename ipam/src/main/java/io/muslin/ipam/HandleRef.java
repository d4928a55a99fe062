package io.muslin.ipam;

import io.muslin.datastore.KeyValue;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A handle record as read (or absent: revision 0), and the next version of it. */
record HandleRef(String handleId, IPAMHandle handle, long revision) {
    static HandleRef of(String handleId, Optional<KeyValue> kv) {
        return kv.map(k -> new HandleRef(handleId, Resources.fromJson(k.value(), IPAMHandle.class), k.modRevision()))
                .orElseGet(() -> new HandleRef(handleId, null, 0));
    }

    /** The request nonce of the last assignment recorded in this handle. */
    String request() {
        return handle == null ? null : handle.spec().attributesOrEmpty().get(Assigner.ATTR_REQUEST);
    }

    boolean exists() {
        return handle != null;
    }

    Map<String, Integer> counts() {
        return handle == null ? Map.of() : handle.spec().block();
    }

    /** The record after adding {@code delta} addresses in {@code blockCidr}; null when it would hold nothing. */
    IPAMHandle plus(String blockCidr, int delta) {
        return plus(blockCidr, delta, handle == null ? null : handle.spec().attributes());
    }

    /** As {@link #plus(String, int)}, recording {@code attributes} as the holder's. */
    IPAMHandle plus(String blockCidr, int delta, Map<String, String> attributes) {
        Map<String, Integer> m = new HashMap<>(counts());
        int n = m.getOrDefault(blockCidr, 0) + delta;
        if (n <= 0) {
            m.remove(blockCidr);
        } else {
            m.put(blockCidr, n);
        }
        if (m.isEmpty()) {
            return null;
        }
        return new IPAMHandle(ObjectMeta.named(handleId), new IPAMHandle.Spec(handleId, m, null, attributes));
    }

    static byte[] json(IPAMHandle h) {
        return Resources.toJson(h);
    }
}
