/**
 * {@code GET /events}: the engine's event bus as Docker's stream of EventMessage objects, with
 * {@code since}, {@code until} and {@code filters}.
 *
 * <p>May use: {@code dev.berth.api}, {@code dev.berth.engine.events}, {@code dev.berth.errors}.
 */
package dev.berth.api.events;
