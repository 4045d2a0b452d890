/**
 * {@code berth deploy}: issue 8's changesets. A changeset is a stack file and the tagged images its services
 * use; deploy sends it to hosts over ssh (the {@code -H ssh://} transport of {@code dev.berth.client}), in
 * parallel, sending only the blobs a host lacks ({@link dev.berth.cli.transfer.ImageSender}, over the
 * {@code /berth/} transfer routes), then applies the stack there through the same {@code /stacks} calls
 * {@code berth apply} makes. The hosts record versions; {@code deploy history} lists them and
 * {@code deploy --rollback} re-applies the previous one.
 *
 * <p>May use: {@code dev.berth.cli} and its {@code format}, {@code stack} and {@code transfer} packages, {@code dev.berth.client},
 * {@code dev.berth.stack}. Like every CLI package, never the engine or the API.
 */
package dev.berth.cli.deploy;
