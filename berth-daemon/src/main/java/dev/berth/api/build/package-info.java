/**
 * {@code POST /build} and {@code POST /build/prune}: Docker's classic builder protocol in front of the engine's
 * BuildService. The routes parse the query, unpack the context tar into a scratch directory under the data
 * root's {@code tmp/}, run the build and stream Docker's JSON messages ({@code stream}, {@code aux},
 * {@code errorDetail}) as the build goes.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.build.context} (to unpack the
 * context), {@code dev.berth.oci}, {@code dev.berth.errors}.
 */
package dev.berth.api.build;
