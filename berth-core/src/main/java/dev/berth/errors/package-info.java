/**
 * The engine's few exception types. Front ends map them to statuses in one place (the API's ErrorMapper).
 *
 * <p>Owns: exceptions. May use: nothing else in Berth.
 */
package dev.berth.errors;
