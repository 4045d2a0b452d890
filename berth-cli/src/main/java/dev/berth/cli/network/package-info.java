/**
 * {@code berth network create|ls|inspect|rm|connect|disconnect|prune}: docker's network commands with its
 * words and output, as thin clients of the {@code /networks} routes. Uses the CLI's context, formatting and
 * the daemon client only.
 */
package dev.berth.cli.network;
