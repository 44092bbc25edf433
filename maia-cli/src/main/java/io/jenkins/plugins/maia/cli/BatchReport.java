package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.follower.follow.Conclusion;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.graph.GraphResult;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.util.List;
import java.util.Map;

/**
 * A batch's outcome: each task's exit code, the batch's (the most severe), and the {@code --json} object.
 *
 * <p>A task's code is the one {@code maia run} would end with ({@link ExitStatus#of} the engine's
 * {@link Conclusion}). Severity, most severe first: 1 (an API or network failure: what happened is not known, or a
 * finished task's last messages could not be read), 3 (a task ERRORED), 6 (a task was stopped elsewhere before it
 * finished), 5 (a task timed out: it may still be running), 4 (a task waits for a decision: the easiest to
 * continue), 7 (a task finished after a rejected tool call, under failOnRejection). A task stopped by failFast or
 * skipped has no code of its own: the task that caused it does.
 */
final class BatchReport {

    /** Exit codes from most to least severe. */
    static final List<ExitStatus> SEVERITY = List.of(ExitStatus.API_FAILURE, ExitStatus.TASK_ERRORED,
            ExitStatus.STOPPED, ExitStatus.TIMED_OUT, ExitStatus.NEEDS_DECISION, ExitStatus.REJECTED);

    private BatchReport() {}

    /**
     * The task's own exit code, or null for a task stopped or skipped because of another.
     *
     * @param failOnRejection whether the task's finish after a rejected tool call is a failure (exit 7)
     */
    static ExitStatus exit(GraphTaskResult r, boolean failOnRejection) {
        return switch (r.kind()) {
            // Finished in an earlier run: it was judged then.
            case FINISHED -> r.follow() == null ? ExitStatus.OK
                    : ExitStatus.of(Conclusion.of(r.follow(), failOnRejection));
            case FAILED -> ExitStatus.API_FAILURE;
            case STOPPED, SKIPPED -> null;
            case ENDED -> ExitStatus.of(Conclusion.of(r.follow(), failOnRejection));
        };
    }

    /** The task's own exit code, with the failOnRejection of its entry in {@code tasks}. */
    static ExitStatus exit(GraphTaskResult r, List<BatchTask> tasks) {
        return exit(r, tasks.stream().filter(t -> t.id().equals(r.id())).anyMatch(BatchTask::failOnRejection));
    }

    /** 0 only when every task finished (and was read whole); otherwise the most severe task code. */
    static ExitStatus exit(GraphResult result, List<BatchTask> tasks) {
        ExitStatus worst = ExitStatus.OK;
        for (GraphTaskResult r : result.tasks()) {
            ExitStatus e = exit(r, tasks);
            // null (stopped or skipped because of another) and 0 never make the batch's code.
            if (e == null || e == ExitStatus.OK) {
                continue;
            }
            if (worst == ExitStatus.OK || SEVERITY.indexOf(e) < SEVERITY.indexOf(worst)) {
                worst = e;
            }
        }
        // Never 0 for a batch that did not finish, even if only stopped or skipped tasks are left to show it.
        return worst == ExitStatus.OK && !result.allFinished() ? ExitStatus.API_FAILURE : worst;
    }

    /** The {@code --json} object: the batch's outcome and exit code, then each task's result in the file's order. */
    static ObjectNode json(GraphResult result, List<BatchTask> tasks, Map<String, Transcripts> transcripts,
            String stateFile, ServerText server) {
        ObjectNode json = JsonOutput.object();
        ExitStatus exit = exit(result, tasks);
        json.put("outcome", result.allFinished() ? "FINISHED" : "NOT_FINISHED");
        json.put("exitCode", exit.code());
        json.put("stateFile", stateFile);
        ArrayNode array = json.putArray("tasks");
        for (GraphTaskResult r : result.tasks()) {
            ObjectNode t = array.addObject();
            t.put("id", r.id());
            t.put("taskId", r.taskId());
            t.put("outcome", r.outcome());
            ExitStatus code = exit(r, tasks);
            if (code == null) {
                t.putNull("exitCode");
            } else {
                t.put("exitCode", code.code());
            }
            ArrayNode deps = t.putArray("dependsOn");
            tasks.stream().filter(b -> b.id().equals(r.id())).findFirst()
                    .ifPresent(b -> b.dependsOn().forEach(deps::add));
            FollowResult f = r.follow();
            t.put("status", f == null || f.task() == null || f.task().status() == null ? null
                    : f.task().status().name());
            t.put("targetBranchName", r.targetBranchName());
            t.put("reason", server.redact(r.reason()));
            t.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
            t.put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
            ResultJson.putPending(t.putArray("pendingDecisions"), f == null ? List.of() : f.pending(), server);
            t.put("lastAgentMessage", f == null ? null : server.redact(f.lastAgentMessage()));
            t.put("detail", f == null ? null : server.redact(f.detail()));
            t.put("messagesComplete", f == null || f.messagesComplete());
            Transcripts files = transcripts.get(r.id());
            if (files == null) {
                t.putNull("transcripts");
            } else {
                ObjectNode paths = t.putObject("transcripts");
                paths.put("jsonl", files.jsonl().toAbsolutePath().toString());
                paths.put("markdown", files.markdown().toAbsolutePath().toString());
                paths.put("html", files.html().toAbsolutePath().toString());
            }
        }
        return json;
    }
}
