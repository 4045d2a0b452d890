/**
 * The Docker Engine API (v1.47) that berthd serves: the HTTP server on a unix socket, the router, version
 * negotiation and the one {@link dev.berth.api.ErrorMapper} from engine errors to HTTP statuses. One routes
 * class per resource lives in a sub-package ({@code system}, {@code images}, {@code events}) with its
 * Docker-shaped JSON records; the Netty transport lives in {@code transport}.
 *
 * <p>Owns: the wire protocol. May use: {@code dev.berth.engine}, {@code dev.berth.errors}, {@code dev.berth.oci}.
 * Must not reach into storage or image internals: the engine's services are the only door.
 */
package dev.berth.api;
