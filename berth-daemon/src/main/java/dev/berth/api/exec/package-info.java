/**
 * The exec routes: {@code POST /containers/{id}/exec}, {@code POST /exec/{id}/start} (hijacked or plain
 * stream, or detached), {@code POST /exec/{id}/resize} and {@code GET /exec/{id}/json}, with their
 * Docker-shaped records. Streams use {@link dev.berth.api.containers.StdioStreams}.
 *
 * <p>Owns: the exec part of the wire protocol. May use: {@code dev.berth.api}, {@code dev.berth.api.containers}
 * (stdio framing, body parsing), {@code dev.berth.engine}, {@code dev.berth.errors}, {@code dev.berth.oci}.
 */
package dev.berth.api.exec;
