/**
 * A thin driver of the {@code runc} binary: one method per runc command, state under
 * {@code <execRoot>/runc} so that two daemons (or test runs) never see each other's containers, and errors
 * that carry runc's own message.
 *
 * <p>Owns: process invocation of runc, parsing of its JSON answers, and two of runc's steps done without a
 * runc process where that is safe: the start handshake on the exec FIFO ({@code ExecFifo}) and the removal of
 * a container whose init has ended ({@code StoppedContainer}). May use: oci (Json), errors. Must not
 * use specgen (it takes a bundle that already holds config.json), engine, image or storage.
 */
package dev.berth.runtime.runc;
