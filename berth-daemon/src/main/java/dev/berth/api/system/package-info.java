/**
 * {@code /_ping}, {@code /version}, {@code /info} and {@code /system/df}: what the daemon is and what it
 * holds, in the shapes of the spec's SystemVersion and SystemInfo.
 *
 * <p>May use: {@code dev.berth.api} and its {@code images} records, {@code dev.berth.engine}.
 */
package dev.berth.api.system;
