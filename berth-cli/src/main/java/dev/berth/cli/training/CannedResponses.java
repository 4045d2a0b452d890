package dev.berth.cli.training;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The answers of {@link CannedDaemon}: what a berthd holding two tagged images and one dangling one says to
 * the read-only calls of {@code version}, {@code info}, {@code images}, {@code inspect}, {@code history} and
 * {@code system df}, plus Docker's 404 for an unknown image, so that the error path is trained too.
 */
final class CannedResponses {
  /** An answer: HTTP status, content type and body. */
  record Answer(int status, String contentType, String body) {}

  static final Map<String, String> HEADERS = Map.of("Api-Version", "1.47", "Ostype", "linux", "Server", "Berth/0.1.0 (linux)");

  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+\\.\\d+");
  private static final String BUSYBOX_ID = "sha256:db7d61f4016f4d9b0d6f2fa5da9b94304736c85eaaa2a265dc5cba5fd6769b01";
  private static final String DEBIAN_ID = "sha256:5f6c2a1e9b0d43f7a2c8e1d4b6a9f0c3e7d2b5a8c1f4e7d0a3b6c9e2f5a8d1b4";
  private static final String DANGLING_ID = "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

  private static final String VERSION = """
      {"Platform":{"Name":"Berth Engine"},"Components":[{"Name":"Engine","Version":"27.0.0","Details":{"ApiVersion":"1.47",\
      "MinAPIVersion":"1.24","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0","GitCommit":"berth","GoVersion":"java25",\
      "BuildTime":"","Experimental":"false"}}],"Version":"27.0.0","ApiVersion":"1.47","MinAPIVersion":"1.24","GitCommit":"berth",\
      "GoVersion":"java25","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0","Experimental":false,"BuildTime":""}""";

  private static final String INFO = """
      {"ID":"00000000-0000-0000-0000-000000000000","Containers":0,"ContainersRunning":0,"ContainersPaused":0,"ContainersStopped":0,\
      "Images":3,"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]],"DockerRootDir":"/var/lib/berth",\
      "Plugins":{"Volume":["local"],"Network":["host","none"],"Log":["json-file"]},"MemoryLimit":true,"SwapLimit":true,\
      "Debug":false,"NFd":0,"NGoroutines":0,"SystemTime":"2026-01-01T00:00:00.000000000Z","LoggingDriver":"json-file",\
      "CgroupDriver":"cgroupfs","CgroupVersion":"2","KernelVersion":"6.1.0","OperatingSystem":"Debian GNU/Linux 12 (bookworm)",\
      "OSVersion":"12","OSType":"linux","Architecture":"x86_64","NCPU":2,"MemTotal":4294967296,"Name":"training",\
      "Labels":[],"ExperimentalBuild":false,"ServerVersion":"27.0.0","Runtimes":{"runc":{"path":"runc"}},"DefaultRuntime":"runc",\
      "Warnings":null}""";

  private static final String IMAGES = """
      [{"Id":"%s","ParentId":"","RepoTags":["busybox:latest","me/box:1"],"RepoDigests":[],"Created":1767225600,"Size":2125312,\
      "SharedSize":-1,"Labels":{},"Containers":-1},\
      {"Id":"%s","ParentId":"","RepoTags":["debian:bookworm"],"RepoDigests":[],"Created":1767139200,"Size":123456789,\
      "SharedSize":-1,"Labels":{"org.example":"x"},"Containers":-1},\
      {"Id":"%s","ParentId":"","RepoTags":[],"RepoDigests":[],"Created":1700000000,"Size":1024,"SharedSize":-1,"Labels":{},\
      "Containers":-1}]""".formatted(BUSYBOX_ID, DEBIAN_ID, DANGLING_ID);

  private static final String INSPECT = """
      {"Id":"%s","RepoTags":["busybox:latest","me/box:1"],"RepoDigests":[],"Parent":"","Comment":"Imported from -",\
      "Created":"2026-01-01T00:00:00.123456789Z","DockerVersion":"","Author":"","Config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},\
      "Architecture":"amd64","Os":"linux","Size":2125312,"GraphDriver":{"Name":"overlay2","Data":{}},\
      "RootFS":{"Type":"layers","Layers":["sha256:4232bdbb8731d8972bf45bd67bec8d661112b0f6bbd6b80bd77d24044e584261"]},\
      "Metadata":{"LastTagTime":"2026-01-01T00:00:01.000000000Z"}}""".formatted(BUSYBOX_ID);

  private static final String HISTORY = """
      [{"Id":"%s","Created":1767225600,"CreatedBy":"Imported from -","Tags":["busybox:latest"],"Size":2125312,\
      "Comment":"Imported from -"},{"Id":"<missing>","Created":1767139200,"CreatedBy":"/bin/sh -c #(nop)  CMD [\\"/bin/sh\\"]",\
      "Tags":null,"Size":0,"Comment":""}]""".formatted(BUSYBOX_ID);

  private static final String DF = """
      {"LayersSize":125000000,"Images":%s,"Containers":[],"Volumes":[],"BuildCache":[]}""".formatted(IMAGES);

  private CannedResponses() {}

  /** The answer to {@code method target}; anything unknown is Docker's 404 "page not found". */
  static Answer answer(String method, String target) {
    String path = VERSION_PREFIX.matcher(target.split("\\?", 2)[0]).replaceFirst("");
    if (path.startsWith("/containers/")) return CannedContainers.answer(method, path);
    if (!method.equals("GET") && !method.equals("HEAD")) return error(404, "page not found");
    return switch (path) {
      case "/_ping" -> new Answer(200, "text/plain; charset=utf-8", "OK");
      case "/version" -> json(VERSION);
      case "/info" -> json(INFO);
      case "/images/json" -> json(IMAGES);
      case "/system/df" -> json(DF);
      case "/images/busybox/json", "/images/busybox:latest/json" -> json(INSPECT);
      case "/images/busybox/history", "/images/busybox:latest/history" -> json(HISTORY);
      default -> path.startsWith("/images/") ? error(404, "No such image: " + imageName(path)) : error(404, "page not found");
    };
  }

  private static String imageName(String path) {
    String name = path.substring("/images/".length()).replaceFirst("/[a-z]+$", "");
    return name.contains(":") ? name : name + ":latest";
  }

  private static Answer json(String body) {
    return new Answer(200, "application/json", body);
  }

  private static Answer error(int status, String message) {
    return new Answer(status, "application/json", "{\"message\":\"" + message.replace("\"", "'") + "\"}");
  }
}
