package dev.berth.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.Filters;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth events}: streams the daemon's events until interrupted, or until {@code --until}. */
@Command(description = "Get real time events from the daemon (image tag, untag, delete, load, import, …)")
public final class EventsCommand implements Callable<Integer> {
  private static final DateTimeFormatter NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = "--since", paramLabel = "TIME", description = "Show all events created since timestamp (Unix time, RFC 3339 date, or a duration like 10m)")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Stream events until this timestamp")
  String until;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Filter output based on conditions provided (type=image, event=tag, image=NAME, label=KEY=VALUE)")
  List<String> filters;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format output: 'json' or a Go template such as '{{.Action}} {{.Actor.ID}}'")
  String format;

  public EventsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    Instant now = ctx.clock().instant();
    ApiRequest request = ApiRequest.get("/events")
        .query("since", since == null ? null : Timestamps.toApi(since, now, ctx.zone()))
        .query("until", until == null ? null : Timestamps.toApi(until, now, ctx.zone()))
        .query("filters", Filters.toJson(Filters.parse(filters)))
        .build();
    String template = ctx.formatText(format);
    ctx.client().stream(request, event -> {
      ctx.out().println(template == null ? line(event, ctx.zone())
          : template.equals("json") ? event.toString() : NodeTemplate.apply(template, event));
      ctx.out().flush();
    });
    return 0;
  }

  /** {@code 2026-11-28T05:11:28.000000000Z image tag sha256:… (name=busybox:latest)}, as docker prints. */
  static String line(JsonNode event, ZoneId zone) {
    long nanos = event.path("timeNano").asLong(event.path("time").asLong() * 1_000_000_000L);
    Instant t = Instant.ofEpochSecond(0, nanos);
    StringBuilder sb = new StringBuilder(NANO_FIXED.format(ZonedDateTime.ofInstant(t, zone)));
    sb.append(' ').append(event.path("Type").asText()).append(' ').append(event.path("Action").asText());
    sb.append(' ').append(event.path("Actor").path("ID").asText());
    List<String> attributes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = event.path("Actor").path("Attributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      attributes.add(a.getKey() + "=" + a.getValue().asText());
    }
    attributes.sort(null);
    if (!attributes.isEmpty()) sb.append(" (").append(String.join(", ", attributes)).append(')');
    return sb.toString();
  }
}
