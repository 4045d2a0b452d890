/**
 * The builder: {@link dev.berth.engine.BuildService} as Docker's classic builder, one step per instruction.
 *
 * <p>{@link dev.berth.engine.build.LocalBuildService} reads the Dockerfile, {@code BuildPlan} picks the stages
 * the target needs, {@code StageRunner} runs them one step at a time: each instruction becomes a
 * {@code StepPlan} (its history text, what else its cache key covers, the config after it, the work), the
 * {@code BuildCache} (one JSON file under {@code <dataRoot>/builder/cache}) answers the image of a step already
 * made, else the work runs: {@code ConfigSteps} commit config-only steps as empty layers, {@code RunStep} runs
 * RUN in a container through the {@link dev.berth.engine.ContainerService} (output streamed, the container
 * removed whatever happens), {@code CopyStep} puts COPY/ADD files in with the container's archive endpoint;
 * each result is committed as an image through the {@link dev.berth.engine.ImageService} with the build's
 * config and Docker's {@code created_by}. {@code BuildArgs} and {@code BuildState} hold ARG scoping and the
 * image so far; {@code CachePrune} is {@code builder prune}.
 *
 * <p>Uses {@code dev.berth.build.*} (Dockerfile, context), the engine's service interfaces with the container
 * config records they take ({@code dev.berth.runtime.container.BasicConfig}, {@code ContainerConfig}),
 * {@code oci}, {@code errors} and {@code sys.FileTrees}; never runc, snapshots or the stores directly.
 */
package dev.berth.engine.build;
