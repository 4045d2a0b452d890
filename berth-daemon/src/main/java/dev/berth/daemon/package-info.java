/**
 * berthd itself: its configuration (flags over config file over defaults), its lifecycle (pidfile, sockets
 * with mode 0660 and the berth group, engine, API server, clean exit on SIGTERM/SIGINT), and
 * {@link dev.berth.daemon.Berthd#start} for running a daemon inside a test.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.errors}, {@code dev.berth.sys} (to put
 * libcrypto's SHA-256 in place at start).
 */
package dev.berth.daemon;
