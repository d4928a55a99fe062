package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming writers against the datastore's own codec: the same bytes, and they read back to the same resource. */
class ResourceJsonTest {

    private static void sameAsTheCodec(byte[] ours, byte[] codec, Class<?> kind) {
        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(codec, StandardCharsets.UTF_8));
        assertThat(Resources.fromJson(ours, kind.asSubclass(io.muslin.datastore.model.Resource.class)))
                .isEqualTo(Resources.fromJson(codec, kind.asSubclass(io.muslin.datastore.model.Resource.class)));
    }

    @Test
    void blocksOfEveryShapeAreWrittenAsTheCodecWritesThem() {
        Random rnd = new Random(7);
        List<IPAMBlock> blocks = new ArrayList<>();
        blocks.add(BlockOps.empty(io.muslin.net.IpPrefix.parse("10.244.1.64/26"), "node-a"));
        blocks.add(new IPAMBlock(ObjectMeta.named("10.0.0.0-30"), new IPAMBlock.Spec("10.0.0.0/30", null,
                Arrays.asList(null, null, null, null), List.of(3, 2, 1, 0), List.of(), true)));
        blocks.add(new IPAMBlock(new ObjectMeta("fd00--122", "ns", Map.of("a", "b", "c\"q", "d\\e"), Map.of("x", "ü"), "42"),
                new IPAMBlock.Spec("fd00::/122", "host:n\u00e9", Arrays.asList(0, null, 1), List.of(1), List.of(
                        new IPAMBlock.Attribute("h1", null), new IPAMBlock.Attribute("h2", Map.of("pod", "p", "ns", "n"))), false)));
        for (int k = 0; k < 50; k++) {
            int size = 1 << (1 + rnd.nextInt(7));
            List<Integer> alloc = new ArrayList<>();
            List<Integer> free = new ArrayList<>();
            List<IPAMBlock.Attribute> attrs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (rnd.nextBoolean()) {
                    attrs.add(new IPAMBlock.Attribute("handle-" + rnd.nextInt(1000),
                            rnd.nextBoolean() ? null : Map.of("node", "n" + i, "pod", "p" + rnd.nextInt())));
                    alloc.add(attrs.size() - 1);
                } else {
                    alloc.add(null);
                    free.add(i);
                }
            }
            blocks.add(new IPAMBlock(ObjectMeta.named("10.1.0.0-" + size), new IPAMBlock.Spec("10.1.0.0/" + (32 - Integer.numberOfTrailingZeros(size)),
                    rnd.nextBoolean() ? "host:node-" + k : null, alloc, free, attrs, rnd.nextBoolean() ? null : rnd.nextBoolean())));
        }
        for (IPAMBlock b : blocks) {
            sameAsTheCodec(ResourceJson.block(b), Resources.toJson(b), IPAMBlock.class);
        }
    }

    @Test
    void handlesAreWrittenAsTheCodecWritesThem() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            counts.put("10.244." + i + ".0/26", i + 1);
            Map<String, String> attrs = i % 3 == 0 ? null : Map.of("pod", "p" + i, "namespace", "n\"s", "request", Long.toHexString(i));
            IPAMHandle h = new IPAMHandle(i % 2 == 0 ? ObjectMeta.named("h" + i) : new ObjectMeta("h" + i, null, null, null, "7"),
                    new IPAMHandle.Spec("h" + i, counts, i % 4 == 1 ? Boolean.TRUE : null, attrs));
            sameAsTheCodec(ResourceJson.handle(h), Resources.toJson(h), IPAMHandle.class);
        }
    }
}
