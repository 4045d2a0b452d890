package dev.berth.api.dom0;

import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.engine.Dom0Service;
import dev.berth.engine.Dom0Service.AppliedImage;
import dev.berth.engine.Dom0Service.Boot;
import dev.berth.engine.Dom0Service.Step;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /dom0}, a Berth extension of the Engine API: {@code GET /dom0} answers the dom0 image name, the boots
 * (newest first, each with its steps) and the dom0 images applied (newest first); {@code POST /dom0/rollback}
 * re-applies the image applied before the current one and answers that rollback's record (404 when there is none).
 * Keys are capitalised as Docker's are.
 */
public final class Dom0Routes {
  private final Dom0Service dom0;

  public Dom0Routes(Dom0Service dom0) {
    this.dom0 = dom0;
  }

  public void register(Router.Builder r) {
    r.get("/dom0", this::status);
    r.post("/dom0/rollback", this::rollback);
  }

  void status(Exchange ex) throws IOException {
    Dom0Service.Status s = dom0.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Image", s.imageName());
    out.put("Boots", s.boots().stream().map(Dom0Routes::json).toList());
    out.put("Applied", s.applied().stream().map(Dom0Routes::json).toList());
    ex.json(200, out);
  }

  void rollback(Exchange ex) throws IOException {
    ex.json(200, json(dom0.rollback()));
  }

  static Map<String, Object> json(Boot b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Number", b.number());
    m.put("Trigger", b.trigger());
    m.put("Started", b.started());
    m.put("Finished", b.finished());
    m.put("Image", b.imageName());
    m.put("ImageID", b.imageId());
    m.put("StackDigest", b.stackDigest());
    m.put("Failed", b.failed());
    m.put("Steps", b.steps().stream().map(Dom0Routes::json).toList());
    return m;
  }

  static Map<String, Object> json(Step s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", s.name());
    m.put("Outcome", s.outcome().name().toLowerCase());
    m.put("Detail", s.detail());
    m.put("Error", s.error());
    m.put("ExitCode", s.exitCode());
    m.put("Started", s.started());
    m.put("Finished", s.finished());
    return m;
  }

  static Map<String, Object> json(AppliedImage a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ImageID", a.imageId());
    m.put("Image", a.imageName());
    m.put("StackDigest", a.stackDigest());
    m.put("Applied", a.applied());
    m.put("Ok", a.ok());
    return m;
  }
}
