/**
 * Image transfer between Berth hosts, a Berth extension of the Engine API under {@code /berth/}: the
 * receiving end of {@code berth push ssh://host} (missing blobs, resumable blob uploads, the commit that
 * registers an image and moves its tags last).
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.errors}, {@code dev.berth.oci}.
 */
package dev.berth.api.transfer;
