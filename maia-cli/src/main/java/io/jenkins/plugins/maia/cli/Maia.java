package io.jenkins.plugins.maia.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Entry point of the {@code maia} command. {@link #execute} runs one invocation with injected streams and
 * environment and returns the exit code, so tests drive the real command in-process; only {@link #main}
 * exits the JVM.
 */
public final class Maia {

    private Maia() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, Environment.system(), out, err, System.in);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs {@code maia args...} and returns its exit code (see {@link ExitStatus}). Never exits the JVM. */
    public static int execute(String[] args, Environment env, PrintStream out, PrintStream err, InputStream in) {
        CliContext ctx = new CliContext(out, err, in, env);
        ErrorReporter errors = new ErrorReporter(ctx);
        CommandLine cmd = new CommandLine(new MaiaCommand(ctx), new CommandFactory(ctx));
        cmd.setOut(new PrintWriter(new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(env.isTerminal() ? Ansi.AUTO : Ansi.OFF));
        cmd.setParameterExceptionHandler((ex, ignoredArgs) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            String message = ex.getMessage() == null ? "invalid usage" : ex.getMessage().replaceFirst("^Error: ", "");
            errors.line(command, message + Suggestions.of(ex) + " (see '" + command + " --help')");
            return ExitStatus.USAGE.code();
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                errors.report(ex, commandLine.getCommandSpec().qualifiedName(), commandLine));
        try {
            return cmd.execute(args);
        } finally {
            ctx.close();
        }
    }
}
