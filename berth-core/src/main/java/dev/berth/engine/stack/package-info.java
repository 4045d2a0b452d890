/**
 * The engine's stacks: planning (config hash, reasons) and converging a host to a {@code dev.berth.stack.StackFile}
 * through the container, network, volume and image services. May use: {@code dev.berth.engine} (services),
 * {@code dev.berth.stack}, {@code dev.berth.runtime.container} (config records), {@code dev.berth.errors}.
 */
package dev.berth.engine.stack;
