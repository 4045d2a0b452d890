/**
 * The builder's commands: {@code build} (also {@code image build}) and {@code builder prune}. {@code build}
 * turns a context directory, a tar or standard input into the tar that {@code POST /build} takes, honouring
 * {@code .dockerignore} the way the docker CLI does, and prints the daemon's build output as it comes.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.format}, {@code dev.berth.client},
 * {@code dev.berth.build.context} (the context tar and {@code .dockerignore}, shared with the daemon),
 * commons-compress.
 */
package dev.berth.cli.build;
