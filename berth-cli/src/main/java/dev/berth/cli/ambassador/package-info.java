/**
 * {@code berth ambassador ls|retarget}: the running ambassadors, their listeners and counters, and live retargets,
 * over berthd's {@code /ambassadors} routes (a Berth extension of the Engine API). The ambassador image itself is
 * made by {@code berth image bootstrap ambassador} ({@code cli.bootstrap}).
 *
 * <p>May use: {@code cli} (context, help, errors), {@code cli.format}, {@code client}.
 */
package dev.berth.cli.ambassador;
