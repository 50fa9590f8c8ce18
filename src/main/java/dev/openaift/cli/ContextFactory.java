package dev.openaift.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates commands with the {@link CliContext} (and the {@link UserInput} for commands that ask
 * questions) when they take them, else as picocli would.
 */
final class ContextFactory implements CommandLine.IFactory {
  private final CliContext context;
  private final UserInput input;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  ContextFactory(CliContext context) {
    this(context, UserInput.system());
  }

  ContextFactory(CliContext context, UserInput input) {
    this.context = context;
    this.input = input;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls == SandboxCommand.class) {
      return cls.cast(new SandboxCommand(context.env()));
    }
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      if (c.getParameterCount() == 2
          && c.getParameterTypes()[0] == CliContext.class
          && c.getParameterTypes()[1] == UserInput.class) {
        c.setAccessible(true);
        return cls.cast(c.newInstance(context, input));
      }
      if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
        c.setAccessible(true);
        return cls.cast(c.newInstance(context));
      }
    }
    return fallback.create(cls);
  }
}
