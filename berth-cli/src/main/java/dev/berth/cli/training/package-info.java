/**
 * The training run behind {@code berth __warmup}: the build runs it once to record which classes the common
 * commands load (a JDK AOT cache or a CDS archive), so that every later {@code berth} starts from that record
 * instead of loading, linking and initializing the same classes again. {@link
 * dev.berth.cli.training.CannedDaemon} answers the few API calls the commands make, from canned JSON, so no
 * real daemon is needed at build time.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.client}, the JDK. Nothing else calls into it.
 */
package dev.berth.cli.training;
