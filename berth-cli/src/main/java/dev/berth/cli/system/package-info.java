/**
 * The daemon-wide commands: {@code version}, {@code info}, {@code events}, {@code system df} and
 * {@code system prune}.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.image} (prune), {@code dev.berth.cli.format},
 * {@code dev.berth.client}.
 */
package dev.berth.cli.system;
