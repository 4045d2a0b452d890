/**
 * Thin Linux system calls through the JDK's foreign function API: what java.nio cannot do (device nodes,
 * xattrs in every namespace, timestamps on symlinks, mounts).
 *
 * <p>Owns: libc downcalls and errno, and the small file helpers every store shares (atomic replacement, tree
 * deletion). May use: the JDK only.
 */
package dev.berth.sys;
