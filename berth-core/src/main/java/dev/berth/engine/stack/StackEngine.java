package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.VolumeService;
import java.util.function.Supplier;

/**
 * The engine services a stack is converged through. Containers come through a supplier because the engine has
 * none on a host without runc (asking then raises the engine's SystemException, which the stack service passes on).
 */
record StackEngine(Supplier<ContainerService> containerService, NetworkService networks, VolumeService volumes,
    ImageService images) {
  ContainerService containers() {
    return containerService.get();
  }
}
