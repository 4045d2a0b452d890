/**
 * Stack files: the Compose file format (a subset of the compose-spec) as Berth reads it. The records here are the
 * resolved form of a file (variables interpolated, {@code .env} and {@code env_file} read, short syntaxes turned
 * into long ones, paths made absolute); {@link StackFileReader} makes them from YAML and reports every unsupported
 * key by name and line. The engine's {@code StackService} converges a host to a {@link StackFile}; the CLI sends
 * one to berthd as JSON. Inside: {@code YamlNodes} (snakeyaml's node tree, lines, merge keys, key checks),
 * {@code ValueReader} (typed values with interpolation), one class per nested syntax ({@code PortSyntax},
 * {@code VolumeSyntax}, {@code HealthcheckSyntax}, {@code BuildSyntax}, {@code EnvFiles}), {@code ServiceReader},
 * {@code TopLevelReader} and {@code StackValidator} (the checks across the file). May use: {@code dev.berth.errors},
 * {@code dev.berth.runtime.container} (Healthcheck), Jackson, snakeyaml. Must not use the engine.
 */
package dev.berth.stack;
