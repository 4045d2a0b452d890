package dev.berth.runtime.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal static i386 ELF program, for tests: {@code exit(code)} through {@code int 0x80}, nothing else. One
 * loadable segment at 0x08048000 holding the headers and 12 bytes of code.
 */
public final class I386Elf {
  private I386Elf() {}

  private static final int BASE = 0x08048000;
  private static final int HEADERS = 52 + 32;

  public static byte[] exit(int code) {
    byte[] text = {
      (byte) 0xb8, 1, 0, 0, 0, // mov eax, 1 (exit)
      (byte) 0xbb, (byte) code, 0, 0, 0, // mov ebx, code
      (byte) 0xcd, (byte) 0x80 // int 0x80
    };
    ByteBuffer b = ByteBuffer.allocate(HEADERS + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    b.putShort((short) 2).putShort((short) 3).putInt(1); // ET_EXEC, EM_386, EV_CURRENT
    b.putInt(BASE + HEADERS).putInt(52).putInt(0).putInt(0); // entry, phoff, shoff, flags
    b.putShort((short) 52).putShort((short) 32).putShort((short) 1); // ehsize, phentsize, phnum
    b.putShort((short) 40).putShort((short) 0).putShort((short) 0); // shentsize, shnum, shstrndx
    b.putInt(1).putInt(0).putInt(BASE).putInt(BASE); // PT_LOAD, offset, vaddr, paddr
    b.putInt(HEADERS + text.length).putInt(HEADERS + text.length).putInt(5).putInt(0x1000); // sizes, R+X, align
    b.put(text);
    return b.array();
  }
}
