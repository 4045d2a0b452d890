package dev.berth.cli.registry;

import dev.berth.cli.CliContext;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * One pull through the daemon, {@code POST /images/create?fromImage=&tag=[&platform=]} with the registry's
 * credentials from the client config, printing its progress; for {@code pull} and for {@code run}'s pull of a
 * missing image.
 */
public final class ImagePull {
  private ImagePull() {}

  /** The image name and its tag or digest, split as the docker CLI sends them; no tag means {@code latest}. */
  record NameAndTag(String name, String tag, boolean defaulted) {
    static NameAndTag of(String reference) {
      int at = reference.indexOf('@');
      if (at >= 0) return new NameAndTag(reference.substring(0, at), reference.substring(at + 1), false);
      int colon = reference.lastIndexOf(':');
      if (colon > reference.lastIndexOf('/')) return new NameAndTag(reference.substring(0, colon), reference.substring(colon + 1), false);
      return new NameAndTag(reference, "latest", true);
    }

    /** {@code name:tag} or {@code name@sha256:…}. */
    String full() {
      return name + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    }
  }

  /**
   * Pulls {@code reference}; progress lines go to {@code out} unless {@code quiet}. Returns the reference as
   * pulled ({@code name:latest} when no tag was given). Errors arrive as DaemonException.
   */
  public static String pull(CliContext ctx, String reference, String platform, boolean quiet, PrintWriter out) throws IOException {
    NameAndTag ref = NameAndTag.of(reference);
    if (ref.defaulted() && !quiet) out.println("Using default tag: latest");
    ApiRequest.Builder request = ApiRequest.post("/images/create").query("fromImage", ref.name()).query("tag", ref.tag())
        .query("platform", platform == null || platform.isBlank() ? null : platform);
    ClientConfig config = ClientConfig.read(ClientConfig.defaultFile(ctx.env()));
    RegistryAuth.lookup(config, RegistryAuth.registryOf(ref.name())).ifPresent(l -> request.header(RegistryAuth.HEADER, RegistryAuth.header(l)));
    PullOutput output = new PullOutput(out, ctx.terminals().stdout());
    ctx.client().stream(request.build(), m -> {
      if (!quiet) output.print(m);
    });
    return ref.full();
  }
}
