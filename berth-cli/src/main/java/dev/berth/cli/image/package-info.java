/**
 * The image commands: {@code images}, {@code inspect}, {@code tag}, {@code rmi}, {@code history},
 * {@code save}, {@code load}, {@code import}, {@code image prune}. Each maps its flags onto one API call and
 * prints the answer as the docker CLI would.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.format}, {@code dev.berth.client}.
 */
package dev.berth.cli.image;
