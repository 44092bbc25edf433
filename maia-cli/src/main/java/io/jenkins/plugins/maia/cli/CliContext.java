package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * One invocation's surroundings: streams, environment, the {@code --verbose} flag, and the secrets read so
 * far (so that anything printed, stack traces included, can be checked and scrubbed).
 */
public final class CliContext {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Environment env;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile boolean verbose;
    private volatile boolean jsonOnStdout;
    private OkHttpClient http;

    /**
     * {@code out} and {@code err} are wrapped so that every line written to them, whoever writes it (picocli,
     * agent text, JSON, stack traces), passes through {@link #redact} first.
     */
    public CliContext(PrintStream out, PrintStream err, InputStream in, Environment env) {
        this.out = new PrintStream(new RedactingOutputStream(out, this::redact), false, StandardCharsets.UTF_8);
        this.err = new PrintStream(new RedactingOutputStream(err, this::redact), false, StandardCharsets.UTF_8);
        this.in = in;
        this.env = env;
    }

    /** Standard output: results and data. */
    public PrintStream out() {
        return out;
    }

    /** Standard error: errors, warnings, verbose details. */
    public PrintStream err() {
        return err;
    }

    /**
     * Where human-readable progress goes: stdout normally, stderr when stdout carries a JSON result
     * ({@code --json}), so that {@code maia run --json | jq} sees nothing but the JSON.
     */
    public PrintStream human() {
        return jsonOnStdout ? err : out;
    }

    public InputStream in() {
        return in;
    }

    public Environment env() {
        return env;
    }

    public boolean verbose() {
        return verbose;
    }

    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    /** Declares that stdout is reserved for one JSON document. */
    public void reserveStdoutForJson() {
        this.jsonOnStdout = true;
    }

    /** The HTTP client of this invocation, created on first use and shut down by {@link #close()}. */
    public synchronized OkHttpClient http() {
        if (http == null) {
            http = new OkHttpClient();
        }
        return http;
    }

    /** Releases the HTTP client's threads and connections (an in-process caller runs many invocations). */
    synchronized void close() {
        out.flush();
        err.flush();
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
            http = null;
        }
    }

    /** Remembers a secret so that {@link #redact} removes it from anything printed. */
    public void addSecret(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    /**
     * Replaces every known secret in {@code text} with {@code ****}, and any {@code Bearer xyz} or
     * {@code Authorization: ...} value (the same rules as the transcripts).
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        // Short values are masked here too (the transcript's Redactor skips them to keep text readable).
        for (String s : secrets) {
            result = result.replace(s, Redactor.MASK);
        }
        return Redactor.headersOnly().redact(result);
    }

    /** A line of detail printed only with {@code --verbose}. */
    public void debug(String message) {
        if (verbose) {
            err.println(redact("[verbose] " + message));
        }
    }
}
