/**
 * A small client of the Docker Engine API over a unix socket, TCP, or ssh (the system ssh client running
 * {@code berth system dial-stdio} on the remote host: {@link dev.berth.client.SshConduit}): it finds the daemon
 * ({@link dev.berth.client.DaemonHost}), opens a {@link dev.berth.client.Conduit} to it, frames HTTP/1.1 with Netty's codec driven without threads
 * ({@link dev.berth.client.HttpTransport}), negotiates the API version through {@code /_ping} and turns the
 * daemon's {@code {"message"}} errors into {@link dev.berth.client.DaemonException}
 * ({@link dev.berth.client.DaemonClient}).
 *
 * <p>May use: the JDK (and the ssh program through {@link java.lang.ProcessBuilder}), Netty's HTTP codec, Jackson. Must not use the engine or the daemon: it speaks only
 * the wire protocol, so it works against any Docker-compatible daemon.
 */
package dev.berth.client;
