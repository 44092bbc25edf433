package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.util.List;
import java.util.Locale;

/**
 * The result object of {@code run} and {@code watch}: printed by {@code --json}, and as the last line
 * ({@code "type": "result"}) of {@code --jsonl}. One flat object whose fields only ever grow: a program reading it
 * keeps working when a field is added. Besides how it ended: the error an ERRORED task reported ({@code error}), every
 * decision sent with who or what settled it ({@code decisions}), the tools the agent was refused
 * ({@code rejectedTools}) and the questions left unanswered ({@code unansweredQuestions}).
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
        json.put("error", server.redact(result.error()));
        putDecisions(json.putArray("decisions"), result.decisions(), server);
        ArrayNode rejected = json.putArray("rejectedTools");
        result.rejectedTools().forEach(t -> rejected.add(server.redact(t)));
        ArrayNode unanswered = json.putArray("unansweredQuestions");
        for (PendingDecision p : result.unansweredQuestions()) {
            ObjectNode node = unanswered.addObject();
            node.put("toolId", p.toolId());
            ArrayNode questions = node.putArray("questions");
            DecisionView.of(server.decision(p)).questions().forEach(q -> questions.add(q.text()));
        }
        return json;
    }

    /**
     * Each decision sent: {@code toolName}, {@code toolId}, {@code type} (tool or question), {@code decision}
     * (approved, rejected, answered), {@code scope} or {@code answers}, {@code settledBy} (rule, default, person),
     * {@code by} (the rule, e.g. {@code rules[0]: git_* -> reject}, the default or the person's name) and, for a rule
     * of {@code --rules}, {@code ruleIndex}.
     */
    static void putDecisions(ArrayNode array, List<SettledDecision> decisions, ServerText server) {
        for (SettledDecision d : decisions) {
            ObjectNode node = array.addObject();
            node.put("toolName", server.redact(d.toolName()));
            node.put("toolId", d.toolId());
            node.put("type", d.isQuestion() ? "question" : "tool");
            if (d.decision() instanceof ToolDecision tool) {
                node.put("decision", tool.approved() ? "approved" : "rejected");
                node.put("scope", tool.approved() && tool.scope() != null ? tool.scope().name() : null);
            } else if (d.decision() instanceof QuestionDecision question) {
                node.put("decision", "answered");
                ArrayNode answers = node.putArray("answers");
                for (QuestionAnswer a : question.answers()) {
                    ObjectNode answer = answers.addObject();
                    answer.put("questionIndex", a.questionIndex());
                    ArrayNode options = answer.putArray("selectedOptions");
                    a.selectedOptions().forEach(o -> options.add(server.redact(o)));
                }
            }
            node.put("settledBy", d.source().name().toLowerCase(Locale.ROOT));
            node.put("by", server.redact(d.by()));
            if (d.byExplicitRule()) {
                node.put("ruleIndex", d.ruleIndex()); // --rules: which rule, from 0; "by" describes it
            }
        }
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
