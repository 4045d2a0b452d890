/**
 * {@code berth apply} and {@code berth stack ls|ps|logs|down}: stacks from the client's side. The client reads
 * the stack file (with its own environment and the {@code .env} beside the file, so that paths and variables
 * are the user's), builds the images of {@code build:} services through {@code berth build}, and sends the
 * resolved stack to berthd's {@code /stacks} routes, which converge the host.
 *
 * <p>May use: {@code dev.berth.cli} and its {@code format} and {@code container} helpers, {@code dev.berth.client},
 * {@code dev.berth.stack} (the reader and the records). Like every CLI package, never the engine or the API.
 */
package dev.berth.cli.stack;
