/**
 * The volume commands: {@code volume create}, {@code ls}, {@code inspect}, {@code rm} and {@code prune}. Each
 * maps its flags onto one API call per volume and prints the answer as the docker CLI would.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.format}, {@code dev.berth.cli.image} (the JSON
 * pretty-printer of inspect), {@code dev.berth.client}.
 */
package dev.berth.cli.volume;
