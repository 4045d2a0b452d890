/**
 * Container health checks as Docker runs them: {@link dev.berth.engine.health.HealthMonitor} schedules
 * probes per container, {@link dev.berth.engine.health.ProbeSchedule} fills in Docker's defaults and
 * {@link dev.berth.engine.health.HealthTransitions} is the pure starting/healthy/unhealthy state machine.
 *
 * <p>Owns: health state (in memory). May use: engine (ExecService, ContainerView, events), runtime.container
 * (Healthcheck), errors. Must not use exec's implementation or the container service's.
 */
package dev.berth.engine.health;
