package dev.berth.cli.container;

/**
 * Marks a command whose options end at its first positional argument ({@code run IMAGE -c x}: {@code -c}
 * belongs to the container's command), as the docker CLI parses {@code run}, {@code create} and {@code exec}.
 * The command tree sets picocli's stop-at-positional for these.
 */
public interface StopsAtPositional {}
