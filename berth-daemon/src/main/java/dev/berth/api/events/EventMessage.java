package dev.berth.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.events.Event;
import java.util.Map;

/**
 * One message of {@code GET /events} (spec: EventMessage), with the legacy {@code status}, {@code id} and
 * {@code from} members that older clients still read:
 * <pre>{"status":"tag","id":"sha256:…","Type":"image","Action":"tag",
 *  "Actor":{"ID":"sha256:…","Attributes":{"name":"busybox:latest"}},"scope":"local","time":1700000000,"timeNano":…}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("from") String from,
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano) {

  public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {}

  public static EventMessage of(Event e) {
    boolean legacy = e.type().equals("image") || e.type().equals("container");
    String from = e.type().equals("container") ? e.attributes().get("image") : null;
    return new EventMessage(
        legacy ? e.action() : null,
        legacy ? e.actorId() : null,
        from,
        e.type(),
        e.action(),
        new Actor(e.actorId(), e.attributes()),
        "local",
        e.timeSeconds(),
        e.timeNano());
  }
}
