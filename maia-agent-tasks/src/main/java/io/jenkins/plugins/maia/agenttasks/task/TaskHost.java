package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.agenttasks.quant.QuantPlacement;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** What the step or build step running a {@link TaskRun} provides. Called on Maia threads. */
@Restricted(NoExternalUse.class)
public interface TaskHost {
    Run<?, ?> run() throws IOException, InterruptedException;

    TaskListener listener() throws IOException, InterruptedException;

    /**
     * The progress moved on: keep it. {@code durable} asks to wait until it is safely stored (before a create
     * call, whose repetition would start a second agent; when the task id is known; when answers were taken).
     */
    void progressed(TaskProgress progress, boolean durable);

    /** The answer the Jenkins input {@code inputId} recorded, if it started after {@code notBeforeMillis}. */
    @CheckForNull
    SubmittedInput submittedInput(String inputId, long notBeforeMillis) throws IOException, InterruptedException;

    /** The end; called exactly once. */
    void ended(TaskEnd end);

    /** Where the task sits in a task graph, for its Quant task; null: keyed by its Maia task id. */
    default @CheckForNull QuantPlacement quantPlacement() {
        return null;
    }

    /** The task belongs to a {@code maiaAgentTasks} graph: its launch calls go ahead of other follows' polls. */
    default boolean inGraph() {
        return false;
    }

    /**
     * Other tasks of its graph wait for this one's end: the reads that confirm the end go first too, and the account's
     * budget holds tokens back for such calls while it runs (as the engine's task graphs do).
     */
    default boolean awaitedInGraph() {
        return false;
    }
}
