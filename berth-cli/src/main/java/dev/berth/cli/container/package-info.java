/**
 * The container commands: {@code run}, {@code create}, {@code start}, {@code stop}, {@code restart},
 * {@code kill}, {@code pause}, {@code unpause}, {@code wait}, {@code rm}, {@code ps}, {@code inspect},
 * {@code logs}, {@code exec}, {@code attach}, {@code top}, {@code stats}, {@code cp}, {@code rename},
 * {@code update}, {@code container prune} and {@code commit}, each under its own name and under
 * {@code berth container}. They send the JSON the docker CLI sends: {@link
 * dev.berth.cli.container.ContainerOptions} holds {@code run}'s flags as text, {@code CreateBody} and
 * {@code HostConfigBody} check and convert them all before any request (a bad value is a usage error,
 * exit status 125), and the hijacked attach and exec streams are carried by {@code StreamSession}, with
 * {@code TerminalSession} for raw mode and resizes.
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.cli.format}, {@code dev.berth.cli.tty}, {@code dev.berth.cli.registry} (run pulls a missing image),
 * {@code dev.berth.cli.image} (its JSON printer), {@code dev.berth.cli.system} (its timestamps),
 * {@code dev.berth.client}, picocli, Jackson, commons-compress (the local tars of {@code cp}).
 */
package dev.berth.cli.container;
