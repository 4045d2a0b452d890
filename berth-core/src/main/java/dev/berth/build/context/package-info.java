/**
 * The build context and the files COPY and ADD take from it: {@code .dockerignore} ({@link DockerIgnore}),
 * the context tar as the CLI sends it and the daemon unpacks it ({@link ContextArchive}), source resolution
 * with globs and Docker's directory semantics ({@link SourceTree}), the cache checksum of sources, and the tar
 * that puts the sources at their destination ({@link CopyTar}).
 *
 * <p>Files only: uses {@code dev.berth.errors}, the JDK and the tar and compression libraries (commons-compress,
 * xz, zstd-jni), nothing of images, snapshots or containers (the builder describes the target filesystem
 * through {@link TargetFs}). Package-private helpers: {@code GoPath} (Go's path cleaning), {@code Glob} (Go's
 * filepath.Match syntax as a regex), {@code IgnorePattern}, {@code RootPath} (chroot-like symlink resolution),
 * {@code SourceWalker}/{@code SourceEntry} (what a source brings), {@code SourceChecksum}, {@code CopyWriter}
 * and {@code ArchiveUnpacker} (the COPY/ADD tar), {@code Archives} (decompression by magic, tar sniffing),
 * {@code ContextExtractor}/{@code ContextWriter} and {@code TarSink}.
 */
package dev.berth.build.context;
