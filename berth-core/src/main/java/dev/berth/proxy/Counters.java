package dev.berth.proxy;

/** A listener's totals: connections accepted and open, bytes each way. */
public record Counters(long connections, long open, long bytesIn, long bytesOut) {}
