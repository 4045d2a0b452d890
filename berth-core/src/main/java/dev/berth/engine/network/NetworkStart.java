package dev.berth.engine.network;

import dev.berth.errors.SystemException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A container's networking while its start is under way, in three steps that run one after the other on one
 * virtual thread: {@link #prepared()}, what the bundle needs (the namespace's path, the address, /etc/hosts lines,
 * the links' environment, all known from the records); {@link #readyForCreate()}, the namespace made; then
 * {@link #ready()}, the interfaces attached (CNI ADD), ports bound, DNS served.
 *
 * <p>Why steps: {@code runc create} joins the namespace by its path and runs nothing of the container until
 * {@code runc start}, so the bundle can be written while the namespace is made, and the container created while
 * the CNI ADD (an exec of the bridge plugin, which execs the IPAM plugin) still runs; the start only has to wait
 * for {@link #ready()} before {@code runc start}. A step's failure is thrown by every wait that follows it. After a
 * failure of the last step the namespace is kept: runc may have joined it already, and
 * {@link ContainerNetworking#release} (the teardown of the failed start) removes it with everything else.
 */
public final class NetworkStart {
  private final CompletableFuture<ContainerNetworking.Prepared> prepared = new CompletableFuture<>();
  private final CompletableFuture<Void> namespace = new CompletableFuture<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final boolean interfacesAtCreate;

  private NetworkStart(boolean interfacesAtCreate) {
    this.interfacesAtCreate = interfacesAtCreate;
  }

  /**
   * Runs the first step ({@code steps}) and then the two it returns on a new virtual thread named {@code name}.
   *
   * @param interfacesAtCreate whether {@code runc create} needs the interfaces already (a sysctl that names
   *     one, which runc writes at create): then {@link #readyForCreate()} waits for every step
   */
  static NetworkStart begin(String name, boolean interfacesAtCreate, Supplier<ContainerNetworking.Planned> steps) {
    NetworkStart s = new NetworkStart(interfacesAtCreate);
    Thread.ofVirtual().name(name).start(() -> s.run(steps));
    return s;
  }

  private void run(Supplier<ContainerNetworking.Planned> steps) {
    try {
      ContainerNetworking.Planned p = steps.get();
      prepared.complete(p.prepared());
      p.namespace().run();
      namespace.complete(null);
      p.attach().run();
      ready.complete(null);
    } catch (Throwable e) {
      prepared.completeExceptionally(e); // each only if not completed yet
      namespace.completeExceptionally(e);
      ready.completeExceptionally(e);
    }
  }

  /**
   * Whether one of the container's sysctls names an interface ({@code net.ipv4.conf.eth0.*}, …, not {@code all}
   * or {@code default}): runc writes sysctls at create, so such a container is created only after the ADD.
   */
  static boolean namesInterface(Map<String, String> sysctls) {
    return sysctls.keySet().stream().anyMatch(k -> PER_INTERFACE.matcher(k).lookingAt());
  }

  private static final Pattern PER_INTERFACE = Pattern.compile("net\\.ipv[46]\\.(conf|neigh)\\.(?!all\\.|default\\.)[^.]+\\.");

  /** Waits for the first step: what the bundle needs. Its failure is thrown as it was thrown. */
  public ContainerNetworking.Prepared prepared() {
    return await(prepared);
  }

  /** Before {@code runc create}: waits for the namespace, and for the interfaces too when the spec needs them. */
  public void readyForCreate() {
    await(interfacesAtCreate ? ready : namespace);
  }

  /** Waits for the last step: the interfaces, ports and DNS, needed before {@code runc start}. */
  public void ready() {
    await(ready);
  }

  /**
   * Waits for every step whatever their outcome, so that a teardown after a failed start finds everything they
   * made; returns the failure of a step, or null.
   */
  public Throwable settle() {
    boolean interrupted = false;
    Throwable failure = null;
    while (true) {
      try {
        ready.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        failure = e.getCause();
        break;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return failure;
  }

  private static <T> T await(Future<T> step) {
    try {
      return step.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("start: interrupted while setting up the network", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new SystemException("set up the network: " + cause.getMessage(), cause);
    }
  }
}
