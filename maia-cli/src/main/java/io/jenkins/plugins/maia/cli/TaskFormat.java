package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** How a task reads on the console. Every server-provided string is cleaned of control characters. */
final class TaskFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private TaskFormat() {}

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code tool git_push (id call_1)} or {@code question ask_user_question (id q_1)}. */
    static String pendingLabel(PendingDecision p) {
        return (p.isQuestion() ? "question " : "tool ") + TerminalText.oneLine(p.toolName(), 60)
                + " (id " + TerminalText.oneLine(p.toolId(), 80) + ")";
    }

    /** A status that says what STOPPED means for this task. */
    static String status(Task task) {
        if (task.isPaused()) {
            return "STOPPED (paused: " + task.pendingDecisions().size() + " decision(s) pending)";
        }
        if (task.isFinished()) {
            return "STOPPED (finished)";
        }
        return String.valueOf(task.status());
    }

    /** The task for a human; {@code next} makes the printed decide command carry this invocation's server. */
    static void print(Task task, PrintStream out, NextSteps next) {
        out.println("Task " + TerminalText.oneLine(task.taskId(), 80));
        out.println("  status:      " + status(task));
        out.println("  description: " + TerminalText.oneLine(task.description(), 200));
        out.println("  created:     " + time(task.createdAt()) + "   modified: " + time(task.modifiedAt()));
        if (task.agentConfig() != null) {
            var c = task.agentConfig();
            out.println("  mode:        " + c.mode());
            out.println("  project:     " + TerminalText.oneLine(c.projectId(), 80)
                    + "   environment: " + TerminalText.oneLine(c.environmentName(), 80));
            String target = c.targetBranchName() != null ? c.targetBranchName()
                    : Boolean.TRUE.equals(c.generateBranch()) ? "(generated)" : "";
            out.println("  branches:    " + TerminalText.oneLine(c.sourceBranchName(), 80) + " -> " + TerminalText.oneLine(target, 80));
        }
        String granted = task.grantedPermissions().stream().map(GrantedTool::toolName)
                .map(t -> TerminalText.oneLine(t, 60)).collect(Collectors.joining(", "));
        out.println("  granted:     " + (granted.isEmpty() ? "(none)" : granted));
        if (!task.pendingDecisions().isEmpty()) {
            out.println("  pending decisions:");
            for (PendingDecision p : task.pendingDecisions()) {
                out.println("    - " + pendingLabel(p));
                DecisionText.print(p, out, "      ");
            }
            out.println("  answer with: " + next.task("decide", task.taskId(),
                    "--approve TOOL | --approve-for-task TOOL | --reject TOOL | --answer N=OPTION"));
        }
    }
}
