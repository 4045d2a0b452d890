/**
 * berthd itself: its configuration (flags over config file over defaults), its lifecycle (pidfile, sockets
 * with mode 0660 and the berth group, engine, API server, clean exit on SIGTERM/SIGINT), and
 * {@link dev.berth.daemon.Berthd#start} for running a daemon inside a test; and {@code berthd __train}
 * ({@code TrainingRun}), the training run the build records berthd's AOT cache from.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.errors}, {@code dev.berth.sys} (to put
 * libcrypto's SHA-256 in place at start), {@code dev.berth.engine.image.WarmupImageServer} (the training's made-up
 * image) and {@code dev.berth.engine.image.OneFileTar} (the tar of the training's busybox image).
 */
package dev.berth.daemon;
