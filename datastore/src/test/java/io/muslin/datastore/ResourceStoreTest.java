package io.muslin.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.ValidationException;
import org.junit.jupiter.api.Test;

class ResourceStoreTest {
    @Test
    void typedCrudWithRevisionsAndValidation() {
        try (Datastore ds = FileDatastore.inMemory()) {
            ResourceStore rs = new ResourceStore(ds);
            Stored<IPPool> p = rs.create(IPPool.of("pool-a", "10.0.0.0/16", 26));
            assertThat(ds.get("/muslin/v1/ippools/pool-a")).isPresent();
            assertThat(p.resource().metadata().resourceVersion()).isEqualTo(Long.toString(p.revision()));
            Stored<IPPool> read = rs.get(IPPool.class, "pool-a").orElseThrow();
            assertThat(read).isEqualTo(p);
            Stored<IPPool> upd = rs.update(read.resource().withDisabled(true), read.revision());
            assertThat(rs.get(IPPool.class, "pool-a").orElseThrow().resource().disabled()).isTrue();
            assertThatThrownBy(() -> rs.update(read.resource(), read.revision())).isInstanceOf(RevisionConflictException.class);
            assertThatThrownBy(() -> rs.create(IPPool.of("pool-b", "10.0.0.0/16", 99))).isInstanceOf(ValidationException.class);
            ResourceList<IPPool> listed = rs.list(IPPool.class);
            assertThat(listed.items()).containsExactly(upd);
            assertThat(listed.revision()).isEqualTo(ds.revision()).isEqualTo(upd.revision());
            rs.delete(IPPool.class, null, "pool-a", upd.revision());
            ResourceList<IPPool> empty = rs.list(IPPool.class);
            assertThat(empty.items()).isEmpty();
            assertThat(empty.revision()).as("the list's revision is the store's, not its newest item's")
                    .isEqualTo(upd.revision() + 1);
            assertThat(rs.key(NetworkPolicy.class, "shop", "x")).isEqualTo("/muslin/v1/networkpolicies/shop/x");
            assertThatThrownBy(() -> rs.key(NetworkPolicy.class, null, "x")).hasMessageContaining("namespace is required");
            assertThat(ObjectMeta.named("x").labelsOrEmpty()).isEmpty();
        }
    }
}
