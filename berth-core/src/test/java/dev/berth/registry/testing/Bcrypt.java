package dev.berth.registry.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.berth.sys.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * bcrypt password hashes for htpasswd files, computed by the system's libxcrypt ({@code libcrypt.so.1}) through
 * FFM.
 *
 * <p>Why this way: distribution's htpasswd checker accepts bcrypt entries only. The JDK has no bcrypt, {@code
 * htpasswd} would need apache2-utils (a package Berth does not need otherwise), and Python's {@code crypt} module is
 * deprecated (gone in 3.13) and not ours to rely on. libxcrypt is already on every Debian system (perl-base and login
 * depend on libcrypt1) and implements {@code $2b$} itself, so this needs no package, no dependency and no
 * hand-written Blowfish. Cost 4, the lowest: the registry checks the hash on every request, and a test wants that
 * cheap, not strong.
 */
final class Bcrypt {
  private static final int COST = 4;
  private static final MethodHandle CRYPT;
  private static final MethodHandle GENSALT;

  static {
    SymbolLookup libcrypt = NativeCalls.library("libcrypt.so.1");
    CRYPT = NativeCalls.downcall(libcrypt, "crypt", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    GENSALT = NativeCalls.downcall(libcrypt, "crypt_gensalt",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
  }

  private Bcrypt() {}

  /**
   * A "$2b$04$..." hash of {@code password} with a random salt (libxcrypt reads it from the OS). Synchronized: both
   * libcrypt calls return a static buffer.
   */
  static synchronized String hash(String password) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment setting = (MemorySegment) GENSALT.invokeExact(arena.allocateFrom("$2b$"), (long) COST,
          MemorySegment.NULL, 0);
      if (setting.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("bcrypt: libcrypt's crypt_gensalt refused prefix $2b$");
      }
      String salt = setting.reinterpret(128).getString(0);
      MemorySegment hashed = (MemorySegment) CRYPT.invokeExact(arena.allocateFrom(password), arena.allocateFrom(salt));
      String result = hashed.equals(MemorySegment.NULL) ? "" : hashed.reinterpret(128).getString(0);
      if (!result.startsWith("$2b$")) {
        throw new IllegalStateException("bcrypt: libcrypt's crypt failed for setting " + salt + ": " + result);
      }
      return result;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("bcrypt: " + e, e);
    }
  }
}
