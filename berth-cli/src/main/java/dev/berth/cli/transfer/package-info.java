/**
 * Sending images between Berth hosts from the client: {@link dev.berth.cli.transfer.ImageSender} reads an image
 * from the local daemon and writes only the blobs the remote lacks through its {@code /berth/} transfer routes
 * (docs/design-changesets.md), the manifest and tag last. Used by {@code berth push ssh://} and
 * {@code berth deploy}.
 *
 * <p>May use: {@code dev.berth.client}, {@code dev.berth.cli}. Never the engine or the API.
 */
package dev.berth.cli.transfer;
