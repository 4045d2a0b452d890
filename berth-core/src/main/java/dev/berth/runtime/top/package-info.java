/**
 * {@code docker top}: the host's {@code ps} run with the caller's arguments, its output cut down to the
 * container's processes (their host pids come from {@code runc ps}).
 *
 * <p>Owns: running ps and filtering its table. May use: errors. Must not use engine, image, storage or the
 * runc driver (the caller hands in the pids).
 */
package dev.berth.runtime.top;
