/**
 * {@code berth dom0 status|rollback}: what berthd's boots did (the host name, the hooks, the dom0 image's stack and
 * container, step by step) and re-applying the dom0 image applied before, over berthd's {@code /dom0} routes (a
 * Berth extension of the Engine API).
 *
 * <p>May use: {@code dev.berth.cli}, {@code dev.berth.client}.
 */
package dev.berth.cli.dom0;
