package io.muslin.policy.render;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An ipset we own: name, type and members, each member written as {@code ipset save} prints it
 * ({@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code 10.0.0.1,tcp:80}).
 */
public record IpSetSpec(String name, IpSetType type, SortedSet<String> members) {

    public IpSetSpec {
        if (name.length() > 31) {
            throw new IllegalArgumentException("ipset names are at most 31 characters: " + name);
        }
        members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }
}
