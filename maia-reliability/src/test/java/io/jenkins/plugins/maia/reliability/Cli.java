package io.jenkins.plugins.maia.reliability;

import io.jenkins.plugins.maia.cli.Environment;
import io.jenkins.plugins.maia.cli.Maia;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the real {@code maia} command in-process with a chosen environment and captures what it prints. */
final class Cli {

    /** Exit code and everything written to stdout and stderr. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    static Cli withToken(String token) {
        return new Cli().env("MAIA_TOKEN", token);
    }

    static Cli withClientCredentials(String clientId, String clientSecret) {
        return new Cli().env("MAIA_CLIENT_ID", clientId).env("MAIA_CLIENT_SECRET", clientSecret);
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Maia.execute(args, Environment.of(env, false), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
