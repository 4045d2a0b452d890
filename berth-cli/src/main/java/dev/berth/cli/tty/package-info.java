/**
 * The user's terminal for interactive containers: raw mode held and always given back ({@link
 * dev.berth.cli.tty.RawMode}), the size and its changes, behind the {@link dev.berth.cli.tty.Tty} interface
 * so that tests can check the bookkeeping with a fake.
 *
 * <p>May use: the JDK ({@code sun.misc.Signal} for SIGWINCH). Knows nothing of commands or of the daemon.
 */
package dev.berth.cli.tty;
