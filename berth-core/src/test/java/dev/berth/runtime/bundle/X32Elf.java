package dev.berth.runtime.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal static x86-64 ELF program, for tests: {@code exit(code)} as an x32 system call (call number 60 with
 * the x32 bit, 0x40000000, set), then, if that call returned (a kernel without x32 support answers ENOSYS),
 * {@code exit(code + 1)} as an ordinary x86-64 call. Killed by SIGSYS (status 159) when a seccomp filter lacks
 * the x32 ABI; exits {@code code} or {@code code + 1} when the filter covers it.
 */
public final class X32Elf {
  private X32Elf() {}

  private static final long BASE = 0x400000L;
  private static final int HEADERS = 64 + 56;

  public static byte[] exit(int code) {
    byte[] text = {
      (byte) 0xb8, 0x3c, 0, 0, 0x40, // mov eax, 0x4000003c (x32 exit)
      (byte) 0xbf, (byte) code, 0, 0, 0, // mov edi, code
      0x0f, 0x05, // syscall
      (byte) 0xb8, 0x3c, 0, 0, 0, // mov eax, 60 (x86-64 exit)
      (byte) 0xbf, (byte) (code + 1), 0, 0, 0, // mov edi, code + 1
      0x0f, 0x05 // syscall
    };
    ByteBuffer b = ByteBuffer.allocate(HEADERS + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    b.putShort((short) 2).putShort((short) 62).putInt(1); // ET_EXEC, EM_X86_64, EV_CURRENT
    b.putLong(BASE + HEADERS).putLong(64).putLong(0).putInt(0); // entry, phoff, shoff, flags
    b.putShort((short) 64).putShort((short) 56).putShort((short) 1); // ehsize, phentsize, phnum
    b.putShort((short) 64).putShort((short) 0).putShort((short) 0); // shentsize, shnum, shstrndx
    b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE); // PT_LOAD, R+X, offset, vaddr, paddr
    b.putLong(HEADERS + text.length).putLong(HEADERS + text.length).putLong(0x1000); // sizes, align
    b.put(text);
    return b.array();
  }
}
