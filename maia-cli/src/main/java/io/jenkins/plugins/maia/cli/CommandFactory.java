package io.jenkins.plugins.maia.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates commands with the invocation's {@link CliContext} when they take one in their constructor. */
final class CommandFactory implements CommandLine.IFactory {
    private final CliContext ctx;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> withContext = cls.getDeclaredConstructor(CliContext.class);
            return withContext.newInstance(ctx);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
