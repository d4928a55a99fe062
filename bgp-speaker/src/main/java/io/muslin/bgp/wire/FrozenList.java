package io.muslin.bgp.wire;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array that only the decoder ever held: what the decoder hands to
 * the messages' records without a copy. {@code List.copyOf} copies an array twice and checks
 * every element for null, which for a full UPDATE's thousand prefixes is most of building the
 * message; the records take a frozen list as it is ({@link #copyOf}) and copy any other list.
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
    private final E[] items;
    private final int size;

    private FrozenList(E[] items, int size) {
        this.items = items;
        this.size = size;
    }

    /** The first {@code size} items of {@code items}, none null; the caller gives the array up. */
    static <E> List<E> wrap(E[] items, int size) {
        return size == 0 ? List.of() : new FrozenList<>(items, size);
    }

    /** {@code list} itself when it is frozen, else {@link List#copyOf}. */
    static <E> List<E> copyOf(List<E> list) {
        return list instanceof FrozenList<E> ? list : List.copyOf(list);
    }

    @Override
    public E get(int index) {
        Objects.checkIndex(index, size);
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return false; // an empty list is List.of()
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(items, size, Object[].class);
    }
}
