/**
 * The HTTP transport: Netty's HTTP codec on an epoll unix-domain socket. The event loop only moves bytes;
 * every request runs on its own virtual thread, its body arrives as a bounded stream (reading pauses while
 * the handler lags), streamed answers are sent chunked as they are written, and an upgraded connection
 * carries raw bytes.
 *
 * <p>Owns: Netty. May use: {@code dev.berth.api}. Nothing outside this package sees a Netty type.
 */
package dev.berth.api.transport;
