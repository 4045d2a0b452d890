package dev.berth.registry.testing;

/**
 * Starts a plain test registry, prints "PID DIR" of it and waits forever: TestRegistryIT kills this JVM with SIGKILL
 * to check that the registry and its dir do not outlive it.
 */
public final class RegistryInAnotherJvm {
  private RegistryInAnotherJvm() {}

  public static void main(String[] args) throws InterruptedException {
    TestRegistry registry = TestRegistry.start();
    System.out.println(registry.pid() + " " + registry.storage().getParent());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
