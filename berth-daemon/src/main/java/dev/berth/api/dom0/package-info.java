/**
 * {@code /dom0}, a Berth extension of the Engine API: the boot records of {@code dev.berth.engine.Dom0Service}
 * ({@code GET /dom0}) and rollback ({@code POST /dom0/rollback}). berthd adds these routes beside the context's
 * (they exist only where berthd boots an engine). May use: {@code dev.berth.api}, {@code dev.berth.engine}.
 */
package dev.berth.api.dom0;
