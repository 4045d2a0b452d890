/**
 * Records for the OCI image specification 1.1 and Docker's schema2 media types: digests, descriptors,
 * manifests, indexes, image configs and image references, plus the JSON codec.
 *
 * <p>Owns: value types only. May use: Jackson. Must not use any other Berth package.
 */
package dev.berth.oci;
