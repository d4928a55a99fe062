package io.muslin.agent.status;

import java.time.Instant;

/** An error one part of the agent met: when, which part ({@code bgp}, {@code routes}, {@code ipam}, ...), and what. */
public record ErrorEntry(Instant at, String component, String message) {}
