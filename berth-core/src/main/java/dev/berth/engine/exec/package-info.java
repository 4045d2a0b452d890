/**
 * Processes run in running containers ({@code docker exec}) and probe runs for health checks:
 * {@link dev.berth.engine.exec.LocalExecService} implements {@link dev.berth.engine.ExecService} on runc
 * in the foreground, {@link dev.berth.engine.exec.ExecProcesses} builds an exec's OCI process from its
 * container's, {@link dev.berth.engine.exec.ExecExitCodes} maps the runtime's start failures to Docker's 126
 * and 127. Containers are found through {@link dev.berth.engine.exec.ContainerLookup}, never through the
 * container service itself.
 *
 * <p>Owns: exec sessions (in memory), their process.json files under the exec directory. May use: engine
 * (interfaces, events), runtime (runc, spec, specgen, state, container), sys (terminals, signals), oci,
 * errors. Must not use the container service's implementation, api or cli.
 */
package dev.berth.engine.exec;
