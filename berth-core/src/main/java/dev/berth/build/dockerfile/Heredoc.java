package dev.berth.build.dockerfile;

/**
 * A here-document ({@code RUN <<EOF}, {@code COPY <<EOF /f}).
 *
 * @param name the delimiter word without quotes ({@code EOF})
 * @param content the body, every line ending in a newline, leading tabs removed for {@code <<-}
 * @param expand false when the delimiter was quoted ({@code <<'EOF'}): no variable expansion in the body
 */
public record Heredoc(String name, String content, boolean expand) {}
