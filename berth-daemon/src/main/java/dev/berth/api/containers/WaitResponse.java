package dev.berth.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.ContainerService;

/** The body of {@code POST /containers/{id}/wait}: {@code {"StatusCode":0,"Error":null}} or with {@code {"Message": …}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WaitResponse(long StatusCode, WaitError Error) {
  public record WaitError(String Message) {}

  static WaitResponse of(ContainerService.WaitResult r) {
    return new WaitResponse(r.statusCode(), r.error() == null || r.error().isEmpty() ? null : new WaitError(r.error()));
  }
}
