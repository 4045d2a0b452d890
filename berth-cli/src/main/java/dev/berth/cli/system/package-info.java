/**
 * The daemon-wide commands: {@code version}, {@code info}, {@code events}, {@code system df},
 * {@code system prune}, and {@code system dial-stdio}, the remote end of an {@code ssh://} host.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.image} (prune), {@code dev.berth.cli.format},
 * {@code dev.berth.client}.
 */
package dev.berth.cli.system;
