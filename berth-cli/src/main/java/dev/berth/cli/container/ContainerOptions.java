package dev.berth.cli.container;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags {@code run} and {@code create} share, with the docker CLI's names. Values stay text here;
 * {@link CreateBody} checks and converts them all before anything is sent, so that one bad value fails the
 * command with exit status 125 and no request.
 */
public final class ContainerOptions {
  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached") boolean interactive;
  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY") boolean tty;
  @Option(names = "--rm", description = "Automatically remove the container and its anonymous volumes when it exits") boolean rm;
  @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container") String name;
  @Option(names = {"-e", "--env"}, paramLabel = "VAR[=VALUE]", description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables") List<String> envFiles = new ArrayList<>();
  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container") String workdir;
  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Username or UID (format: <name|uid>[:<group|gid>])") String user;
  @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name") String hostname;
  @Option(names = "--entrypoint", paramLabel = "CMD", description = "Overwrite the default ENTRYPOINT of the image (resets its CMD)") String entrypoint;
  @Option(names = {"-l", "--label"}, paramLabel = "KEY[=VALUE]", description = "Set meta data on a container") List<String> labels = new ArrayList<>();
  @Option(names = "--label-file", paramLabel = "FILE", description = "Read in a line delimited file of labels") List<String> labelFiles = new ArrayList<>();
  @Option(names = "--read-only", description = "Mount the container's root filesystem as read only") boolean readOnly;
  @Option(names = "--privileged", description = "Give extended privileges to this container") boolean privileged;
  @Option(names = "--cap-add", paramLabel = "CAP", description = "Add Linux capabilities") List<String> capAdd = new ArrayList<>();
  @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop Linux capabilities") List<String> capDrop = new ArrayList<>();
  @Option(names = "--security-opt", paramLabel = "OPT", description = "Security options (no-new-privileges, seccomp=PROFILE|unconfined, …)") List<String> securityOpts = new ArrayList<>();
  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (e.g. 64m)") String memory;
  @Option(names = "--memory-swap", paramLabel = "BYTES", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap") String memorySwap;
  @Option(names = "--cpus", paramLabel = "DECIMAL", description = "Number of CPUs") String cpus;
  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "INT", description = "CPU shares (relative weight)") String cpuShares;
  @Option(names = "--pids-limit", paramLabel = "INT", description = "Tune container pids limit (set -1 for unlimited)") String pidsLimit;
  @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Ulimit options") List<String> ulimits = new ArrayList<>();
  @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy to apply when a container exits (no, on-failure[:N], always, unless-stopped)") String restart;
  @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes") boolean init;
  @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal to stop the container") String stopSignal;
  @Option(names = "--stop-timeout", paramLabel = "SECONDS", description = "Timeout (in seconds) to stop a container") String stopTimeout;
  @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs directory") List<String> tmpfs = new ArrayList<>();
  @Option(names = {"-v", "--volume"}, paramLabel = "[SRC:]DST[:OPTS]", description = "Bind mount a volume") List<String> volumes = new ArrayList<>();
  @Option(names = "--mount", paramLabel = "SPEC", description = "Attach a filesystem mount to the container (type=bind|volume|tmpfs,src=…,dst=…)") List<String> mounts = new ArrayList<>();
  @Option(names = "--volumes-from", paramLabel = "CONTAINER[:ro]", description = "Mount volumes from the specified container(s)") List<String> volumesFrom = new ArrayList<>();
  @Option(names = "--health-cmd", paramLabel = "CMD", description = "Command to run to check health") String healthCmd;
  @Option(names = "--health-interval", paramLabel = "DURATION", description = "Time between running the check (ms|s|m|h)") String healthInterval;
  @Option(names = "--health-timeout", paramLabel = "DURATION", description = "Maximum time to allow one check to run (ms|s|m|h)") String healthTimeout;
  @Option(names = "--health-retries", paramLabel = "INT", description = "Consecutive failures needed to report unhealthy") String healthRetries;
  @Option(names = "--health-start-period", paramLabel = "DURATION", description = "Start period for the container to initialize before counting retries (ms|s|m|h)") String healthStartPeriod;
  @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK") boolean noHealthcheck;
  @Option(names = "--log-driver", paramLabel = "DRIVER", description = "Logging driver for the container") String logDriver;
  @Option(names = "--log-opt", paramLabel = "KEY=VALUE", description = "Log driver options (max-size, max-file)") List<String> logOpts = new ArrayList<>();
  @Option(names = {"--network", "--net"}, paramLabel = "NETWORK", description = "Connect a container to a network") String network;
  @Option(names = "--network-alias", paramLabel = "ALIAS", description = "Add network-scoped alias for the container") List<String> networkAliases = new ArrayList<>();
  @Option(names = "--ip", paramLabel = "ADDRESS", description = "IPv4 address (e.g., 172.30.100.104)") String ip;
  @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST:]PORT[/PROTO]", description = "Publish a container's port(s) to the host") List<String> publish = new ArrayList<>();
  @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports") boolean publishAll;
  @Option(names = "--link", paramLabel = "NAME[:ALIAS]", description = "Add link to another container") List<String> links = new ArrayList<>();
  @Option(names = "--dns", paramLabel = "IP", description = "Set custom DNS servers") List<String> dns = new ArrayList<>();
  @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "Set custom DNS search domains") List<String> dnsSearch = new ArrayList<>();
  @Option(names = {"--dns-option", "--dns-opt"}, paramLabel = "OPTION", description = "Set DNS options") List<String> dnsOptions = new ArrayList<>();
  @Option(names = "--add-host", paramLabel = "HOST:IP", description = "Add a custom host-to-IP mapping (host:ip)") List<String> addHosts = new ArrayList<>();
  @Option(names = "--expose", paramLabel = "PORT[/PROTO]", description = "Expose a port or a range of ports") List<String> expose = new ArrayList<>();
  @Option(names = {"-a", "--attach"}, paramLabel = "STREAM", description = "Attach to STDIN, STDOUT or STDERR") List<String> attach = new ArrayList<>();
  @Option(names = "--platform", paramLabel = "OS[/ARCH]", description = "Set platform if server is multi-platform capable") String platform;
  @Option(names = "--pull", paramLabel = "POLICY", description = "Pull image before running (\"missing\", \"never\"; \"always\" needs a registry)") String pull = "missing";
}
