/**
 * The {@code berth} command line: picocli commands that follow the docker CLI's names and flags, each a thin
 * caller of the Docker Engine API through {@link dev.berth.client.DaemonClient}. This package holds the entry
 * point, the command tree, the shared context (streams, environment, daemon host) and error reporting;
 * {@code cli.image}, {@code cli.build}, {@code cli.system}, {@code cli.bootstrap} and {@code cli.dockerfile} (local
 * Dockerfile parsing, which uses {@code dev.berth.build.dockerfile}) hold the commands by feature, and
 * {@code cli.format} the output formatting.
 *
 * <p>May use: {@code dev.berth.client}, picocli, Jackson, commons-compress, and {@code dev.berth.build.context}
 * (the build context's tar and {@code .dockerignore}, shared with the daemon). Must not use the engine, the
 * stores or the daemon: the CLI works against any berthd, local or not.
 */
package dev.berth.cli;
