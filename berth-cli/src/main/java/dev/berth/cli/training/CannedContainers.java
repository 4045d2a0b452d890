package dev.berth.cli.training;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container half of {@link CannedResponses}: one container, {@code web}, that {@code run} creates,
 * attaches to (a 101 answer followed by one stdout frame), waits for (exit 0) and starts; that {@code ps},
 * {@code inspect}, {@code logs}, {@code stop} and {@code rm} find; any other name is Docker's 404.
 */
final class CannedContainers {
  static final String ID = "5a1e7c0de0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b";
  private static final Pattern ONE = Pattern.compile("^/containers/([^/]+)(?:/([a-z]+))?$");
  private static final String FRAME = "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0013hello from busybox\n";

  private static final String SUMMARY = """
      {"Id":"%s","Names":["/web"],"Image":"busybox","ImageID":"sha256:db7d61f4016f","Command":"sh -c 'echo hello from busybox'",\
      "Created":1767225600,"Ports":[],"Labels":{"a":"b"},"State":"running","Status":"Up 2 minutes","HostConfig":{"NetworkMode":"none"},\
      "NetworkSettings":{"Networks":{}},"Mounts":[]}""".formatted(ID);

  private static final String INSPECT = """
      {"Id":"%s","Created":"2026-01-01T00:00:00.000000000Z","Path":"sh","Args":["-c","echo hello from busybox"],\
      "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4242,\
      "ExitCode":0,"Error":"","StartedAt":"2026-01-01T00:00:01.000000000Z","FinishedAt":"0001-01-01T00:00:00Z"},\
      "Image":"sha256:db7d61f4016f","Name":"/web","RestartCount":0,"Driver":"overlay2","HostConfig":{"NetworkMode":"none"},\
      "Config":{"Hostname":"5a1e7c0de0a1","Tty":false,"OpenStdin":false,"Env":["PATH=/bin"],"Cmd":["sh"],"Image":"busybox","Labels":{}},\
      "Mounts":[]}""".formatted(ID);

  private CannedContainers() {}

  static CannedResponses.Answer answer(String method, String path) {
    if (path.equals("/containers/create") && method.equals("POST")) return json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}");
    if (path.equals("/containers/json") && method.equals("GET")) return json(200, "[" + SUMMARY + "]");
    Matcher m = ONE.matcher(path);
    if (!m.matches()) return json(404, "{\"message\":\"page not found\"}");
    String name = m.group(1);
    if (!name.equals("web") && !name.equals(ID)) return json(404, "{\"message\":\"No such container: " + name + "\"}");
    String action = m.group(2) == null ? "" : m.group(2);
    return switch (method + " " + action) {
      case "GET json" -> json(200, INSPECT);
      case "GET logs" -> new CannedResponses.Answer(200, "application/vnd.docker.multiplexed-stream", FRAME);
      case "POST attach" -> new CannedResponses.Answer(101, "application/vnd.docker.raw-stream", FRAME);
      case "POST wait" -> json(200, "{\"StatusCode\":0,\"Error\":null}");
      case "POST start", "POST stop", "POST kill", "POST restart", "POST pause", "POST unpause", "POST resize", "DELETE " -> json(204, "");
      default -> json(404, "{\"message\":\"page not found\"}");
    };
  }

  private static CannedResponses.Answer json(int status, String body) {
    return new CannedResponses.Answer(status, "application/json", body);
  }
}
