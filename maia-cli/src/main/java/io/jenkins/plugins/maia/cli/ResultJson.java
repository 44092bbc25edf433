package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.util.List;

/**
 * The result object of {@code run} and {@code watch}: printed by {@code --json}, and as the last line
 * ({@code "type": "result"}) of {@code --jsonl}. One flat object whose fields only ever grow: a program reading it
 * keeps working when a field is added (the engine's error text, the decisions taken and the tools rejected are
 * planned).
 */
final class ResultJson {

    private ResultJson() {}

    /** How the follow ended, with the exit code the command returns. */
    static ObjectNode of(FollowResult result, ExitStatus exit, Transcripts files, ServerText server) {
        ObjectNode json = JsonOutput.object();
        json.put("taskId", result.state().taskId());
        json.put("status", result.task() == null || result.task().status() == null ? null : result.task().status().name());
        json.put("outcome", result.outcome().name());
        json.put("exitCode", exit.code());
        json.put("targetBranchName", result.targetBranchName());
        putTranscripts(json, files);
        putPending(json.putArray("pendingDecisions"), result.pending(), server);
        json.put("lastAgentMessage", server.redact(result.lastAgentMessage()));
        json.put("detail", server.redact(result.detail()));
        json.put("messagesComplete", result.messagesComplete());
        return json;
    }

    /** A follow that an API or network failure ended ({@code "outcome": "FAILED"}, exit code 1). */
    static ObjectNode failure(String taskId, Throwable failure, Transcripts files, ServerText server) {
        ObjectNode json = JsonOutput.object();
        json.put("taskId", taskId);
        json.putNull("status");
        json.put("outcome", "FAILED");
        json.put("exitCode", ExitStatus.API_FAILURE.code());
        json.putNull("targetBranchName");
        putTranscripts(json, files);
        json.put("error", server.redact(failure.getMessage()));
        return json;
    }

    /** {@code type}, {@code toolName}, {@code toolId} and {@code title} of each decision. */
    static void putPending(ArrayNode array, List<PendingDecision> pending, ServerText server) {
        for (PendingDecision p : pending) {
            ObjectNode node = array.addObject();
            node.put("type", p.type());
            node.put("toolName", server.redact(p.toolName()));
            node.put("toolId", p.toolId());
            node.put("title", p.permissionMessage() == null ? null : server.redact(p.permissionMessage().title()));
        }
    }

    private static void putTranscripts(ObjectNode json, Transcripts files) {
        if (files == null) {
            json.putNull("transcripts");
            return;
        }
        ObjectNode t = json.putObject("transcripts");
        t.put("jsonl", files.jsonl().toAbsolutePath().toString());
        t.put("markdown", files.markdown().toAbsolutePath().toString());
        t.put("html", files.html().toAbsolutePath().toString());
    }
}
