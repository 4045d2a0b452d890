/**
 * How the CLI shows things, the way the docker CLI does: human sizes ("4.26MB") and ages ("2 minutes ago"),
 * aligned tables, {@code --format json} (one JSON object per line) and simple Go-style templates
 * ({@code {{.Repository}}:{{.Tag}}}, with a {@code table} prefix for a header and alignment).
 *
 * <p>May use: the JDK and Jackson. Knows nothing of commands or of the daemon.
 */
package dev.berth.cli.format;
