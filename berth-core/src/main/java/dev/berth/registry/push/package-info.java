/**
 * Pushing an image: every blob of a manifest (config and layers) in parallel, each skipped when the registry
 * already has it ({@code HEAD}), mounted from another repository of the same registry when one is known to
 * hold it, else uploaded in one PUT or in chunks; the manifest goes last, and its digest is reported as
 * {@code docker push} reports it.
 *
 * <p>May use: {@code registry}, {@code image.content}, {@code oci}, {@code errors}.
 */
package dev.berth.registry.push;
