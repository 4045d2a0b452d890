/**
 * A thin driver of the {@code runc} binary: one method per runc command, state under
 * {@code <execRoot>/runc} so that two daemons (or test runs) never see each other's containers, and errors
 * that carry runc's own message.
 *
 * <p>Owns: process invocation of runc, parsing of its JSON answers. May use: oci (Json), errors. Must not
 * use specgen (it takes a bundle that already holds config.json), engine, image or storage.
 */
package dev.berth.runtime.runc;
