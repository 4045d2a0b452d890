/**
 * The {@code berth dockerfile} commands, which work on a Dockerfile locally, without the daemon:
 * {@code dockerfile parse} prints how a file is read.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.build.dockerfile} (the parser: pure text processing, the
 * same code the builder runs), picocli.
 */
package dev.berth.cli.dockerfile;
