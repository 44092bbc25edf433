package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What {@code maiaAgentTask} and {@code maiaAgentMessage} return: a {@code Map} of plain values (strings, a list
 * of strings), so a sandboxed Pipeline reads {@code r.taskId} or {@code r.targetBranchName} without any script
 * approval, and the value survives a controller restart in the Pipeline's saved program.
 */
@Restricted(NoExternalUse.class)
public final class StepResult {

    public static final String TASK_ID = "taskId";
    public static final String STATUS = "status";
    public static final String OUTCOME = "outcome";
    public static final String TARGET_BRANCH_NAME = "targetBranchName";
    public static final String LAST_MESSAGE = "lastMessage";
    public static final String DETAIL = "detail";
    public static final String TRANSCRIPT = "transcript";
    /** The task's own error text when it ERRORED (not its last message); null otherwise. */
    public static final String ERROR = "error";
    /** Each decision settled during this step and what settled it (rule, default or person). */
    public static final String DECISIONS = "decisions";
    /** The tools that were rejected during this step. */
    public static final String REJECTED_TOOLS = "rejectedTools";
    /** Present only while the task waits for a Jenkins input; the Pipeline variable consumes and removes it. */
    public static final String INPUT = "input";

    private StepResult() {}

    public static Map<String, Object> of(String taskId, FollowResult result, List<String> transcriptPaths,
            @CheckForNull InputRequest input) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TASK_ID, taskId);
        m.put(STATUS, status(result));
        m.put(OUTCOME, result.outcome().name());
        m.put(TARGET_BRANCH_NAME, result.targetBranchName());
        m.put(LAST_MESSAGE, result.lastAgentMessage());
        m.put(DETAIL, result.detail());
        m.put(TRANSCRIPT, new ArrayList<>(transcriptPaths));
        m.put(ERROR, result.error());
        List<String> decisions = new ArrayList<>();
        for (SettledDecision d : result.decisions()) {
            decisions.add((d.pending().isQuestion() ? "question" : "tool " + d.pending().toolName()) + ": "
                    + d.source().name().toLowerCase(java.util.Locale.ROOT) + (d.by() == null ? "" : " " + d.by()));
        }
        m.put(DECISIONS, decisions);
        m.put(REJECTED_TOOLS, new ArrayList<>(result.rejectedTools()));
        if (input != null) {
            m.put(INPUT, input.toPipelineMap());
        }
        return m;
    }

    /**
     * The result of a resume step whose input ended without an answer and that did not follow the task (it was
     * left paused): the Pipeline variable rethrows the input's interruption, so nobody reads more than this.
     */
    public static Map<String, Object> abandoned(String taskId, String outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TASK_ID, taskId);
        m.put(OUTCOME, outcome);
        return m;
    }

    static String status(FollowResult result) {
        if (result.task() != null && result.task().status() != null) {
            return result.task().status().name();
        }
        return result.state().lastStatus() == null ? null : result.state().lastStatus().name();
    }
}
