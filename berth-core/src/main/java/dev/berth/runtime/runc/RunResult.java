package dev.berth.runtime.runc;

/**
 * The outcome of a foreground {@code runc run} or {@code runc exec}: the process's exit code (128+N when a
 * signal N ended it) and what it wrote.
 */
public record RunResult(int exitCode, String stdout, String stderr) {}
