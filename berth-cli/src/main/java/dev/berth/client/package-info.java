/**
 * A small client of the Docker Engine API over a unix socket (or loopback TCP): it finds the daemon
 * ({@link dev.berth.client.DaemonHost}), frames HTTP/1.1 with Netty's codec driven without threads
 * ({@link dev.berth.client.HttpTransport}), negotiates the API version through {@code /_ping} and turns the
 * daemon's {@code {"message"}} errors into {@link dev.berth.client.DaemonException}
 * ({@link dev.berth.client.DaemonClient}).
 *
 * <p>May use: the JDK, Netty's HTTP codec, Jackson. Must not use the engine or the daemon: it speaks only
 * the wire protocol, so it works against any Docker-compatible daemon.
 */
package dev.berth.client;
