/**
 * The build context and the files COPY and ADD take from it: {@code .dockerignore} ({@link DockerIgnore}),
 * the context tar as the CLI sends it and the daemon unpacks it ({@link ContextArchive}), source resolution
 * with globs and Docker's directory semantics ({@link SourceTree}), the cache checksum of sources, and the tar
 * that puts the sources at their destination ({@link CopyTar}).
 *
 * <p>Files only: uses {@code dev.berth.errors} and the JDK, nothing of images, snapshots or containers (the
 * builder describes the target filesystem through {@link TargetFs}).
 */
package dev.berth.build.context;
