/**
 * The Dockerfile language: the syntax tree as BuildKit's parser reads it ({@link SyntaxTree}, {@link Node},
 * with its dump format), the typed instructions the builder executes ({@link Instruction} and its records,
 * grouped into {@link Stage}s of a {@link Dockerfile}), and the variable expansion of words
 * ({@link ShellWords}). Parse errors are {@link DockerfileException}s that carry a {@link Location}.
 *
 * <p>Pure text processing: uses only {@code dev.berth.errors}; nothing here touches files, images or containers.
 */
package dev.berth.build.dockerfile;
