package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code --on-waiting CMD}: runs {@code sh -c CMD} each time a round of decisions is left to a person (asked here,
 * waited for, or left paused), so someone can be told. It runs on a thread of its own, never the follower's, one run
 * at a time; its output (stdout and stderr) is masked and shown line by line after {@value #PREFIX}; a non-zero exit
 * or a command that cannot start is reported on stderr and the follow goes on.
 *
 * <p>Its environment is this process's without the Maia and Quant credentials (a hook that prints its environment
 * must not print a token), plus {@code MAIA_TASK_ID}, {@code MAIA_DECISION_SUMMARY} (one line), {@code
 * MAIA_DECISIONS_JSON} (the pending decisions: type, toolName, toolId, title) and {@code MAIA_RESUME_COMMAND} (a
 * {@code maia watch} command that settles them, complete with the server and transcript directory).
 */
final class OnWaitingHook implements FollowListener, AutoCloseable {

    static final String PREFIX = "[on-waiting] ";
    /** Variables the hook never sees. */
    static final List<String> WITHHELD = List.of("MAIA_TOKEN", "MAIA_CLIENT_ID", "MAIA_CLIENT_SECRET", "QUANT_TOKEN");
    /** How long the command waits, when it ends, for a hook still running. */
    private static final long FINISH_SECONDS = 60;

    private final String command;
    private final String taskId;
    private final CliContext ctx;
    private final ServerText server;
    private final NextSteps next;
    private final String commandName;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maia-on-waiting");
        t.setDaemon(true);
        return t;
    });

    OnWaitingHook(String command, String taskId, CliContext ctx, ServerText server, NextSteps next,
            String commandName) {
        this.command = command;
        this.taskId = taskId;
        this.ctx = ctx;
        this.server = server;
        this.next = next;
        this.commandName = commandName;
    }

    @Override
    public void onPersonNeeded(List<PendingDecision> pending) {
        // Masked before anything of it is cut into a line or handed to the command.
        List<PendingDecision> shown = pending.stream().map(server::decision).toList();
        Map<String, String> variables = variables(shown);
        thread.execute(() -> run(variables));
    }

    /** The variables the command gets besides the environment. */
    Map<String, String> variables(List<PendingDecision> pending) {
        StringBuilder options = new StringBuilder();
        pending.forEach(p -> options.append(' ').append(DecisionText.resumeOptions(p)));
        ArrayNode json = JsonOutput.mapper().createArrayNode();
        ResultJson.putPending(json, pending, server);
        String summary = pending.size() + (pending.size() == 1 ? " decision" : " decisions") + " for task " + taskId
                + ": " + String.join("; ", pending.stream().map(DecisionText::summary).toList());
        return Map.of("MAIA_TASK_ID", taskId,
                "MAIA_DECISION_SUMMARY", TerminalText.oneLine(summary, 2000),
                "MAIA_DECISIONS_JSON", json.toString(), // one line
                "MAIA_RESUME_COMMAND", next.watch(taskId, options.toString()));
    }

    private void run(Map<String, String> variables) {
        PrintStream out = ctx.human();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        WITHHELD.forEach(builder.environment()::remove);
        builder.environment().putAll(variables);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    out.println(PREFIX + TerminalText.oneLine(ctx.redact(line), 4000));
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                ctx.err().println(commandName + ": warning: --on-waiting exited with " + exit + "; the follow goes on");
            }
        } catch (IOException e) {
            ctx.err().println(commandName + ": warning: --on-waiting could not run (" + ctx.redact(e.getMessage())
                    + "); the follow goes on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a command that is running finish (at most a minute), so its output and effects come before the end. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(FINISH_SECONDS, TimeUnit.SECONDS)) {
                ctx.err().println(commandName + ": warning: --on-waiting still runs after " + FINISH_SECONDS
                        + " s; it is left running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
