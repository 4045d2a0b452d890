/**
 * {@code berth manifest inspect}: what a registry holds under a reference, read by the CLI itself, as docker's
 * CLI does, not through the daemon. The CLI already keeps the user's credentials (config.json and its helpers),
 * and the answer is about the registry, not about anything berthd stores. This is the one place of the CLI that
 * talks to registries, so it alone may use the distribution client.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.registry} (credentials), {@code dev.berth.registry}
 * (the distribution client), {@code dev.berth.oci} (references and descriptors), {@code dev.berth.errors}.
 */
package dev.berth.cli.registry.manifest;
