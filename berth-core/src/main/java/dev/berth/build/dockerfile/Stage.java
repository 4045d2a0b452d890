package dev.berth.build.dockerfile;

import java.util.List;

/**
 * One build stage: its FROM and the instructions after it, up to the next FROM.
 *
 * @param index 0-based position in the file (the name {@code --from=0} uses)
 * @param name the {@code AS} name in lower case, or null
 */
public record Stage(int index, String name, Instruction.From from, List<Instruction> instructions) {
  public Stage {
    instructions = List.copyOf(instructions);
  }
}
