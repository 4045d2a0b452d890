package dev.berth.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.Image;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /images/{name}/json} (spec: ImageInspect). {@code Created} is RFC 3339 here, unlike
 * the list's unix seconds; {@code Metadata.LastTagTime} is Go's zero time for an untagged image, as dockerd
 * prints it.
 *
 * <p>{@code Container} and {@code ContainerConfig} are the deprecated fields of the container an image was committed
 * from. dockerd drops them from API 1.45 on, but docker-compose 1.x negotiates the newest version and still reads
 * {@code ContainerConfig.Volumes} whenever it recreates a service (a missing key is a {@code KeyError} that stops
 * {@code up}). Berth keeps no such container, so it answers as podman's compat API does at every version: no
 * container and the image's own config (whose {@code Volumes} is exactly what compose wants: the image's anonymous
 * volumes, to carry over into the new container). Clients that do not know the fields ignore them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageInspect(
    String Id,
    List<String> RepoTags,
    List<String> RepoDigests,
    String Parent,
    String Comment,
    String Created,
    String DockerVersion,
    String Author,
    String Container,
    ImageConfig.ContainerConfig ContainerConfig,
    ImageConfig.ContainerConfig Config,
    String Architecture,
    @JsonInclude(JsonInclude.Include.NON_NULL) String Variant,
    String Os,
    long Size,
    GraphDriver GraphDriver,
    RootFS RootFS,
    Metadata Metadata) {

  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  public record GraphDriver(String Name, Map<String, String> Data) {}

  public record RootFS(String Type, List<String> Layers) {}

  public record Metadata(String LastTagTime) {}

  public static ImageInspect of(Image image, String storageDriver) {
    ImageConfig c = image.config();
    Instant created = ImageTimes.created(image);
    ImageConfig.ContainerConfig config = c.config() == null ? ImageConfig.ContainerConfig.EMPTY : c.config();
    return new ImageInspect(
        image.id().toString(),
        image.tags().stream().map(ImageReference::familiar).toList(),
        image.repoDigests(),
        "",
        c.comment() == null ? "" : c.comment(),
        created.equals(Instant.EPOCH) && c.created() == null ? ZERO_TIME : created.toString(),
        c.dockerVersion() == null ? "" : c.dockerVersion(),
        c.author() == null ? "" : c.author(),
        "",
        config,
        config,
        c.architecture() == null ? "" : c.architecture(),
        c.variant(),
        c.os() == null ? "" : c.os(),
        image.size(),
        new GraphDriver(storageDriver, Map.of()),
        new RootFS("layers", c.diffIds().stream().map(Digest::toString).toList()),
        new Metadata(image.dangling() ? ZERO_TIME : image.stored().toString()));
  }
}
