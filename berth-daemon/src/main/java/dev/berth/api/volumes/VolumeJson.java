package dev.berth.api.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.Volume;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The Engine API's {@code Volume} object (definitions/Volume in the v1.47 spec):
 *
 * <pre>{@code {"Name":"tardis","Driver":"local","Mountpoint":"/var/lib/berth/volumes/tardis/_data",
 *  "CreatedAt":"2026-11-28T07:50:00Z","Labels":{},"Scope":"local","Options":{},
 *  "UsageData":{"Size":-1,"RefCount":0}}}</pre>
 *
 * {@code UsageData.Size} is -1 ("not measured") except in {@code /system/df}, which measures each volume.
 */
public record VolumeJson(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("UsageData") UsageData usageData) {

  /** Bytes used (-1 when not measured) and the number of containers that use the volume. */
  public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {}

  public static VolumeJson of(Volume v) {
    return of(v, -1);
  }

  public static VolumeJson of(Volume v, long size) {
    return new VolumeJson(v.name(), v.driver(), v.mountpoint().toString(),
        DateTimeFormatter.ISO_INSTANT.format(v.createdAt().truncatedTo(ChronoUnit.SECONDS)),
        v.labels(), "local", v.options(), new UsageData(size, v.usedBy().size()));
  }
}
