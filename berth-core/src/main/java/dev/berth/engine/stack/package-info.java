/**
 * The engine's stacks: planning (config hash, reasons) and converging a host to a {@code dev.berth.stack.StackFile}
 * through the container, network, volume and image services, never their implementations (ArchitectureTest checks
 * it). Compose's labels on what it makes are its only state. May use: {@code dev.berth.engine} (services),
 * {@code dev.berth.stack}, {@code dev.berth.runtime.container} and {@code dev.berth.runtime.state} (config records
 * and states), {@code dev.berth.network} (PortMapping), {@code dev.berth.oci} (Digest, Json),
 * {@code dev.berth.errors}.
 */
package dev.berth.engine.stack;
