package dev.berth.api;

import dev.berth.engine.Attachment;
import dev.berth.engine.ExecService;
import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** Execs in the fake containers, each "running" a {@link FakeProcess}; starts and resizes are recorded in {@link #calls}. */
public final class FakeExecService implements ExecService {
  private final FakeContainerService containers;
  private final Map<String, Exec> execs = new LinkedHashMap<>();
  public final List<String> calls = new CopyOnWriteArrayList<>();

  public FakeExecService(FakeContainerService containers) {
    this.containers = containers;
  }

  private static final class Exec {
    final String id;
    final String containerId;
    final ExecConfig config;
    volatile boolean started;
    volatile boolean running;
    volatile Integer exitCode;
    volatile FakeAttachment attachment;

    Exec(String id, String containerId, ExecConfig config) {
      this.id = id;
      this.containerId = containerId;
      this.config = config;
    }
  }

  @Override
  public synchronized String create(String containerRef, ExecConfig config) {
    String containerId = containers.requireRunning(containerRef);
    byte[] random = new byte[32];
    ThreadLocalRandom.current().nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    execs.put(id, new Exec(id, containerId, config));
    return id;
  }

  private synchronized Exec find(String id) {
    Exec e = execs.get(id);
    if (e == null) throw new NotFoundException("No such exec instance: " + id);
    return e;
  }

  @Override
  public Attachment start(String execId, boolean detach, Boolean tty) {
    Exec e = find(execId);
    calls.add("start " + execId);
    synchronized (e) {
      if (e.started) throw new ConflictException("exec " + execId + " has already been started");
      e.started = true;
      e.running = true;
    }
    boolean terminal = tty != null ? tty : e.config.tty();
    FakeAttachment[] holder = new FakeAttachment[1];
    FakeProcess p = new FakeProcess(e.config.cmd(), (stream, data) -> {
      if (holder[0] != null) holder[0].emit(stream, data);
    });
    FakeAttachment a = new FakeAttachment(terminal, p::stdin, p::stdinClosed);
    holder[0] = detach ? null : a;
    p.exit().thenAccept(code -> {
      e.exitCode = code;
      e.running = false;
      a.end();
    });
    e.attachment = a;
    Thread.ofVirtual().start(p::run);
    return detach ? null : a;
  }

  @Override
  public ExecView inspect(String execId) {
    Exec e = find(execId);
    return new ExecView(e.id, e.containerId, e.running, e.exitCode, e.running ? 4343 : 0, e.config, e.config.attachStdin());
  }

  @Override
  public void resize(String execId, int rows, int cols) {
    find(execId);
    calls.add("resize " + execId + " " + rows + "x" + cols);
  }

  @Override
  public ExecResult run(String containerRef, List<String> cmd, long timeoutMillis, int maxOutput) {
    containers.requireRunning(containerRef);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeProcess p = new FakeProcess(cmd, (stream, data) -> out.writeBytes(data));
    p.run();
    int code = p.exit().getNow(-1);
    return new ExecResult(code, out.toString(), code == -1);
  }
}
