/**
 * The container lifecycle: one record per state ({@link dev.berth.runtime.state.ContainerState}) and the
 * transitions Docker's daemon allows between them ({@link dev.berth.runtime.state.Transitions}). Pure values,
 * no I/O: the engine asks this package whether a move is legal and gets the next state back.
 *
 * <p>Owns: container states and their transition table. May use: {@code errors}.
 */
package dev.berth.runtime.state;
