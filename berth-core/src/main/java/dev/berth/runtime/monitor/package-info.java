/**
 * The per-container monitor: conmon (Debian's, as Podman and CRI-O use it) holds each container's stdio,
 * writes its log and records its exit code, so containers outlive berthd and a restarted berthd finds them
 * in their real state (live-restore). {@link dev.berth.runtime.monitor.Conmon} launches and queries
 * monitors; {@link dev.berth.runtime.monitor.K8sFileLogReader} reads logs back as Docker-shaped records;
 * {@link dev.berth.runtime.monitor.AttachSession} speaks conmon's attach socket.
 *
 * <p>Logs: conmon writes the k8s-file format ({@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}); Docker's
 * json-file shape is produced on read ({@link dev.berth.runtime.monitor.LogRecord#toDockerJson}), not on
 * disk, because conmon has no json-file writer and a second writer process would break the monitor's
 * independence. {@code max-size} maps to conmon's {@code --log-size-max}, which truncates the file when
 * full. {@code max-file > 1} needs generations, which conmon does not keep:
 * {@link dev.berth.runtime.monitor.LogRotator} renames {@code log} to {@code log.1} … and has conmon reopen
 * the log; the reader reads {@code log.N … log.1, log} in order.
 *
 * <p>No sync pipes: Java cannot hand conmon fds 3 and 4, so creation is observed through runc's pid file
 * and JSON log instead, woken by inotify (see ConmonLauncher and FileChanges).
 *
 * <p>Owns: conmon invocation, its file layout under the exec root, log parsing, the attach protocol. May
 * use: runtime.runc (start, delete), sys (the packet socket, the shared inotify watcher), oci (Json), errors.
 * Must not use specgen, container, engine, image or storage.
 */
package dev.berth.runtime.monitor;
