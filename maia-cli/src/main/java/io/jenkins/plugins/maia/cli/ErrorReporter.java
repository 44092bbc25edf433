package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr and an exit code. A stack trace is printed only with
 * {@code --verbose}, and then with every known secret scrubbed (exception messages are secret-free by
 * contract; this is the belt to that pair of braces).
 */
final class ErrorReporter {

    /** API field names as the client reports them, mapped to the options that set them. */
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
            Map.entry("projectId", "--project-id"),
            Map.entry("branchId", "--branch"),
            Map.entry("page", "--page"),
            Map.entry("size", "--size"),
            Map.entry("baseUrl", "--base-url"),
            Map.entry("tokenUrl", "--token-url"));

    private final CliContext ctx;

    ErrorReporter(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Prints the failure of {@code command} and returns its exit code. */
    int report(Throwable failure, String command) {
        Throwable e = unwrap(failure);
        ExitStatus status;
        String message;
        if (e instanceof UsageException) {
            status = ExitStatus.USAGE;
            message = e.getMessage();
        } else if (e instanceof InvalidRequestException invalid) {
            status = ExitStatus.USAGE;
            message = "invalid input: " + invalid.violations().stream()
                    .map(v -> describeField(v.field()) + ": " + v.message())
                    .collect(Collectors.joining("; "));
        } else if (e instanceof MaiaException) {
            status = ExitStatus.API_FAILURE;
            message = e.getMessage();
        } else if (e instanceof CommandLine.ParameterException) {
            status = ExitStatus.USAGE;
            message = e.getMessage();
        } else {
            status = ExitStatus.API_FAILURE;
            message = "unexpected error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (ctx.verbose() ? "" : " (run with --verbose for details)");
        }
        line(command, message);
        if (ctx.verbose() && status != ExitStatus.USAGE) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            ctx.err().print(ctx.redact(trace.toString()));
        }
        return status.code();
    }

    /** Prints {@code command: message} as one line, secrets scrubbed and control characters removed. */
    void line(String command, String message) {
        String text = message == null || message.isBlank() ? "failed" : message;
        ctx.err().println(command + ": " + TerminalText.oneLine(ctx.redact(text), 2000));
    }

    static String describeField(String field) {
        String option = OPTION_FOR_FIELD.get(field);
        return option == null ? field : option + " (" + field + ")";
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
