package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr and an exit code. A stack trace is printed only with
 * {@code --verbose}, and then with every known secret scrubbed (exception messages are secret-free by
 * contract; this is the belt to that pair of braces).
 */
final class ErrorReporter {

    /**
     * API field names as the client reports them, with list indexes written {@code []}, mapped to the options
     * (or the ID argument) that set them. The user typed options, so errors name options.
     */
    private static final Map<String, String> OPTION_FOR_FIELD = Map.ofEntries(
            Map.entry("message", "--message"),
            Map.entry("agentConfig.projectId", "--project-id"),
            Map.entry("agentConfig.environmentName", "--environment"),
            Map.entry("agentConfig.sourceBranchName", "--source-branch"),
            Map.entry("agentConfig.targetBranchName", "--target-branch"),
            Map.entry("agentConfig.generateBranch", "--generate-branch"),
            Map.entry("agentConfig.graphId", "--graph-id"),
            Map.entry("agentConfig.workingDirectory", "--working-directory"),
            Map.entry("agentConfig.mode", "--mode"),
            Map.entry("grantedPermissions", "--grant"),
            Map.entry("grantedPermissions[].toolName", "--grant"),
            Map.entry("decisions", "--approve, --approve-for-task, --reject or --answer"),
            Map.entry("decisions[].id", "TOOL"),
            Map.entry("decisions[].answers", "--answer"),
            Map.entry("decisions[].answers[].questionIndex", "--answer"),
            Map.entry("decisions[].answers[].selectedOptions", "--answer"),
            Map.entry("taskId", "ID"),
            Map.entry("projectId", "--project-id"),
            Map.entry("branchId", "--branch"),
            Map.entry("status", "--status"),
            Map.entry("createdAfter", "--created-after"),
            Map.entry("createdBefore", "--created-before"),
            Map.entry("page", "--page"),
            Map.entry("size", "--size"),
            Map.entry("limit", "--limit"),
            Map.entry("baseUrl", "--base-url"),
            Map.entry("tokenUrl", "--token-url"));

    /** Commands where a field is set by another option than {@link #OPTION_FOR_FIELD} says. */
    private static final Map<String, Map<String, String>> COMMAND_OPTION_FOR_FIELD = Map.of(
            "maia task permissions", Map.of(
                    "grantedPermissions", "--set",
                    "grantedPermissions[].toolName", "--set"));

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    /** A field name as the client writes it inside a message, e.g. "set agentConfig.generateBranch to true". */
    private static final Pattern FIELD_IN_TEXT = Pattern.compile("\\b[a-z][A-Za-z]*(?:\\[\\d+])?(?:\\.[a-z][A-Za-z]*(?:\\[\\d+])?)*");
    private static final Pattern SET_FLAG_TO_TRUE = Pattern.compile("\\bset (--[a-z-]+) to true");

    private final CliContext ctx;

    ErrorReporter(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Prints the failure of {@code command} and returns its exit code. */
    int report(Throwable failure, String command) {
        return report(failure, command, null);
    }

    /**
     * Prints the failure of {@code command} and returns its exit code; {@code commandLine} (may be null) lets a 409
     * name the commands that lead out of it, with the task id and the server of this invocation.
     */
    int report(Throwable failure, String command, CommandLine commandLine) {
        Throwable e = unwrap(failure);
        ExitStatus status;
        String message;
        if (e instanceof UsageException) {
            status = ExitStatus.USAGE;
            message = e.getMessage();
        } else if (e instanceof InvalidRequestException invalid) {
            status = ExitStatus.USAGE;
            message = "invalid input: " + invalid.violations().stream()
                    .map(v -> given(command, v.field()) + ": " + optionsInText(command, v.message()))
                    .collect(Collectors.joining("; "));
        } else if (e instanceof MaiaException) {
            status = ExitStatus.API_FAILURE;
            message = e.getMessage();
            if (e instanceof MaiaApiException api && api.status() == 409 && commandLine != null) {
                message += conflictHint(command, commandLine);
            }
        } else if (e instanceof CommandLine.ParameterException) {
            status = ExitStatus.USAGE;
            message = e.getMessage();
        } else {
            status = ExitStatus.API_FAILURE;
            message = "unexpected error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (ctx.verbose() ? "" : " (run with --verbose for details)");
        }
        line(command, message);
        printJsonFailure(command, message, status);
        ctx.failed(message, status.code());
        if (ctx.verbose() && status != ExitStatus.USAGE) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            ctx.err().print(ctx.redact(trace.toString()));
        }
        return status.code();
    }

    /**
     * A command that promised JSON on stdout keeps the promise when it fails after its options were read: one object
     * with {@code error} and {@code exitCode} (for {@code run} and {@code watch} also {@code "outcome": "FAILED"}, and
     * {@code "type": "result"} as the last of the {@code --jsonl} lines), unless the command printed its own.
     */
    private void printJsonFailure(String command, String message, ExitStatus status) {
        if (ctx.jsonMode() == JsonMode.NONE || ctx.jsonWritten()) {
            return;
        }
        ObjectNode json = JsonOutput.object();
        boolean follows = command.equals("maia run") || command.equals("maia watch");
        if (follows && ctx.jsonMode() == JsonMode.LINES) {
            json.put("type", "result");
        }
        if (follows) {
            json.put("outcome", "FAILED");
        }
        json.put("error", TerminalText.oneLine(ctx.redact(message == null || message.isBlank() ? "failed" : message), 2000));
        json.put("exitCode", status.code());
        ctx.printJson(json);
    }

    /** Prints {@code command: message} as one line, secrets scrubbed and control characters removed. */
    void line(String command, String message) {
        String text = message == null || message.isBlank() ? "failed" : message;
        ctx.err().println(command + ": " + TerminalText.oneLine(ctx.redact(text), 2000));
    }

    /** What the user gave for {@code field} in this invocation: a variable or other option if so named, else the option. */
    private String given(String command, String field) {
        String named = ctx.namedField(field);
        return named != null ? named : describeField(command, field);
    }

    /**
     * The option that sets {@code field} in {@code command}, e.g. {@code --grant} for
     * {@code grantedPermissions[1].toolName}; a field no option sets keeps its name.
     */
    static String describeField(String command, String field) {
        if (field == null) {
            return "input";
        }
        String option = optionFor(command, field);
        return option == null ? field : option;
    }

    private static String optionFor(String command, String field) {
        String key = INDEX.matcher(field).replaceAll("[]");
        String option = COMMAND_OPTION_FOR_FIELD.getOrDefault(command, Map.of()).get(key);
        return option != null ? option : OPTION_FOR_FIELD.get(key);
    }

    /** A client message that names other fields ("... or set agentConfig.generateBranch to true") names options. */
    static String optionsInText(String command, String message) {
        if (message == null) {
            return "";
        }
        Matcher m = FIELD_IN_TEXT.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            // Only dotted or indexed names: plain words such as "message" or "page" are prose here.
            String word = m.group();
            String option = word.indexOf('.') > 0 || word.indexOf('[') > 0 ? optionFor(command, word) : null;
            m.appendReplacement(sb, Matcher.quoteReplacement(option == null ? word : option));
        }
        m.appendTail(sb);
        return SET_FLAG_TO_TRUE.matcher(sb).replaceAll("give $1");
    }

    /** The 409 hint for the task named by the command's first argument, with this invocation's server options. */
    private static String conflictHint(String command, CommandLine commandLine) {
        String taskId = commandLine.getParseResult() == null ? null
                : commandLine.getParseResult().matchedPositionalValue(0, (String) null);
        List<String> options = commandLine.getMixins().get("connection") instanceof ConnectionOptions connection
                ? connection.reconnectOptions() : List.of();
        return ConflictHint.of(command, taskId, new NextSteps(options, null));
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof CommandLine.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
