package io.jenkins.plugins.maia.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the real {@code maia} command in-process with a chosen environment, and captures what it prints. */
final class CliRunner {

    /** Exit code and everything written to stdout and stderr. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;
    private String stdin = "";
    private InputStream stdinStream;

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRunner terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    CliRunner stdin(InputStream in) {
        this.stdinStream = in;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = stdinStream != null ? stdinStream : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Maia.execute(args, Environment.of(env, terminal),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), in);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
