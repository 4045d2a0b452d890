/**
 * {@code /stacks}, a Berth extension of the Engine API (Docker has no such resource): the plan, apply, list and
 * down of Compose-format stacks in front of the engine's StackService. The client reads the stack file (its
 * environment, its {@code .env}, its paths) and sends the resolved {@code StackFile} as JSON.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine}, {@code dev.berth.stack} (the records and project
 * names), {@code dev.berth.oci} (the JSON codec), {@code dev.berth.errors}.
 */
package dev.berth.api.stacks;
