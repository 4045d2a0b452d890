/**
 * The registry commands: {@code pull}, {@code push}, {@code login}, {@code logout}, and what they share with the rest of the
 * CLI: docker's client config file ({@code ~/.docker/config.json}: {@code auths}, {@code credsStore},
 * {@code credHelpers}) and the {@code X-Registry-Auth} header built from it. The daemon talks to registries;
 * the CLI keeps the credentials, as docker's does.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.client}.
 */
package dev.berth.cli.registry;
