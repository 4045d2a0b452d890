package dev.berth.build.context;

import java.util.List;

/**
 * One COPY or ADD, resolved: its sources, the absolute destination (WORKDIR applied, a trailing {@code /}
 * kept because it means "a directory"), the owner ({@code --chown}, numeric; -1 keeps the source's owner,
 * which Docker turns into 0:0), the mode ({@code --chmod}, null keeps the source's), and for ADD whether local
 * tar archives are unpacked at the destination instead of copied.
 */
public record CopyRequest(List<CopySource> sources, String dest, int uid, int gid, Integer mode, boolean extractArchives) {
  public CopyRequest {
    sources = List.copyOf(sources);
  }
}
