package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
    private final Map<String, String> namedFields = new ConcurrentHashMap<>();
    private volatile boolean verbose;
    private volatile boolean jsonOnStdout;
    private volatile JsonMode jsonMode = JsonMode.NONE;
    private volatile boolean jsonWritten;
    private volatile FailureListener failureListener;
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
        reserveStdoutFor(JsonMode.OBJECT);
    }

    /**
     * Declares that stdout carries JSON only ({@code --json} or {@code --jsonl}): human output moves to stderr, and
     * a failure still ends with a JSON object (see {@link ErrorReporter}).
     */
    public void reserveStdoutFor(JsonMode mode) {
        this.jsonMode = mode;
        this.jsonOnStdout = mode != JsonMode.NONE;
    }

    /** What the command promised on stdout. */
    public JsonMode jsonMode() {
        return jsonMode;
    }

    /** True once the command's JSON result (or failure object) is on stdout, so nothing adds a second one. */
    boolean jsonWritten() {
        return jsonWritten;
    }

    /**
     * Prints the command's JSON result: indented for a human at a terminal, one compact line otherwise (for
     * {@code jq}, logs and other programs; {@code --jsonl} lines are always compact).
     */
    public void printJson(Object value) {
        jsonWritten = true;
        printJsonLine(value, jsonMode != JsonMode.LINES && env.isTerminal());
    }

    /** One JSON value on stdout, on one line unless {@code pretty}; synchronized so streamed lines never mix. */
    synchronized void printJsonLine(Object value, boolean pretty) {
        out.println(pretty ? JsonOutput.write(value) : JsonOutput.writeLine(value));
        out.flush();
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

    /**
     * Says that in this invocation the API field {@code field} came from {@code option} (an option other than the
     * usual one, or an environment variable), so an error about it names what the user actually gave, e.g.
     * {@code message} from {@code --message-file}, {@code baseUrl} from {@code MAIA_BASE_URL}.
     */
    public void nameField(String field, String option) {
        namedFields.put(field, option);
    }

    /** The option or variable named by {@link #nameField} for {@code field}, or null. */
    String namedField(String field) {
        return field == null ? null : namedFields.get(field);
    }

    /** Told of a failure that ends the command after its options were read (the step summary records it). */
    @FunctionalInterface
    interface FailureListener {
        void failed(String message, int exitCode);
    }

    void onFailure(FailureListener listener) {
        this.failureListener = listener;
    }

    /** Called by {@link ErrorReporter} once per failed command. */
    void failed(String message, int exitCode) {
        FailureListener listener = failureListener;
        if (listener != null) {
            listener.failed(message, exitCode);
        }
    }

    /** A line of detail printed only with {@code --verbose}. */
    public void debug(String message) {
        if (verbose) {
            err.println(redact("[verbose] " + message));
        }
    }
}
