package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.follow.FollowListener;

/**
 * {@code --jsonl}: the follow as JSON Lines on stdout while it happens, so another program can follow along. Every
 * line is one object with {@code type} ({@code event}, {@code status}, {@code decision}, then {@code result} last)
 * and {@code taskId}. Everything from the server is masked first, as on the console.
 */
final class JsonLinesOutput implements FollowListener {

    private final CliContext ctx;
    private final String taskId;
    private final ServerText server;

    JsonLinesOutput(CliContext ctx, String taskId, ServerText server) {
        this.ctx = ctx;
        this.taskId = taskId;
        this.server = server;
    }

    /** {@code {"type":"event","taskId":...,"event":{...as received...}}}. */
    @Override
    public void onEvent(TaskEvent event) {
        ObjectNode line = line("event");
        line.set("event", server.tree(event.raw() != null ? event.raw() : event.data()));
        ctx.printJsonLine(line, false);
    }

    /** {@code {"type":"status","status":"STOPPED","state":"paused","pendingDecisions":[...]}}. */
    @Override
    public void onStatus(Task task) {
        ObjectNode line = line("status");
        line.put("status", task.status() == null ? null : task.status().name());
        line.put("state", task.isPaused() ? "paused" : task.isFinished() ? "finished"
                : task.status() == null ? "unknown" : task.status().name().toLowerCase(java.util.Locale.ROOT));
        line.put("modifiedAt", task.modifiedAt() == null ? null : task.modifiedAt().toString());
        line.put("targetBranchName", task.agentConfig() == null ? null : task.agentConfig().targetBranchName());
        ResultJson.putPending(line.putArray("pendingDecisions"), task.pendingDecisions(), server);
        ctx.printJsonLine(line, false);
    }

    /** {@code {"type":"decision","toolName":...,"toolId":...,"decision":"approved","scope":"ONCE","decidedBy":...}}. */
    @Override
    public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        ObjectNode line = line("decision");
        line.put("toolName", server.redact(pending.toolName()));
        line.put("toolId", pending.toolId());
        if (decision instanceof ToolDecision tool) {
            line.put("decision", tool.approved() ? "approved" : "rejected");
            line.put("scope", tool.approved() && tool.scope() != null ? tool.scope().name() : null);
        } else if (decision instanceof QuestionDecision question) {
            line.put("decision", "answered");
            ArrayNode answers = line.putArray("answers");
            for (QuestionAnswer a : question.answers()) {
                ObjectNode answer = answers.addObject();
                answer.put("questionIndex", a.questionIndex());
                ArrayNode options = answer.putArray("selectedOptions");
                a.selectedOptions().forEach(o -> options.add(server.redact(o)));
            }
        }
        line.put("decidedBy", server.redact(decidedBy));
        ctx.printJsonLine(line, false);
    }

    /** The last line: the result object of {@code --json} with {@code "type": "result"} first. */
    void result(ObjectNode result) {
        ObjectNode line = JsonOutput.object();
        line.put("type", "result");
        line.setAll(result);
        ctx.printJson(line);
    }

    private ObjectNode line(String type) {
        ObjectNode line = JsonOutput.object();
        line.put("type", type);
        line.put("taskId", taskId);
        return line;
    }
}
