/**
 * Records for the OCI runtime specification's config.json (runtime-spec config.md and config-linux.md): the
 * subset Berth writes into a bundle, with the spec's member names.
 *
 * <p>Owns: wire values only, each validated in its compact constructor. May use: Jackson annotations, the
 * {@link dev.berth.oci.Json} codec. Must not use any other Berth package.
 */
package dev.berth.runtime.spec;
