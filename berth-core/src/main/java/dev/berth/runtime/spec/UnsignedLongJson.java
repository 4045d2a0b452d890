package dev.berth.runtime.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The spec's rlimits are uint64 and "unlimited" is 2^64-1; Java keeps that as -1 in a long. These write and
 * read the unsigned decimal so runc never sees a negative number.
 */
final class UnsignedLongJson {
  private UnsignedLongJson() {}

  static final class Writer extends StdSerializer<Long> {
    Writer() {
      super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(Long.toUnsignedString(value));
    }
  }

  static final class Reader extends StdDeserializer<Long> {
    Reader() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getText();
      try {
        return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
      } catch (NumberFormatException e) {
        throw ctxt.weirdStringException(text, Long.class, "not an unsigned 64-bit number");
      }
    }
  }
}
