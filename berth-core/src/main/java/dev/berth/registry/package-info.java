/**
 * The distribution API client (OCI distribution spec, Docker Registry HTTP API V2), after Jib's registry
 * package: {@link dev.berth.registry.RegistryClient} is the façade for one registry and one repository, and
 * each registry call is its own small class behind {@link dev.berth.registry.Endpoint} ({@code
 * ManifestPuller}, {@code BlobChecker}, {@code BlobPuller}, {@code BlobMounter}, {@code BlobPusher}, {@code
 * ManifestPusher}). Authentication, retries, redirects and the
 * choice between HTTPS and plain HTTP are written once, in the façade and {@link
 * dev.berth.registry.RegistryTransport}.
 *
 * <p>Subpackages: {@code registry.auth} (challenges, credentials, the token flow, docker's config.json and
 * credential helpers), {@code registry.pull} (resolving a reference to one platform's manifest and
 * downloading its blobs into the content store in parallel) and {@code registry.push} (uploading a stored
 * image's blobs, then its manifest).
 *
 * <p>Owns: nothing on disk; the registry wire format. May use: {@code oci}, {@code errors},
 * {@code image.content} (the pull writes there), {@code registry.auth}. Used by: {@code engine.image}.
 */
package dev.berth.registry;
