package io.jenkins.plugins.maia.agenttasks.freestyle;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.task.StepResult;
import io.jenkins.plugins.maia.agenttasks.task.TaskEnd;
import io.jenkins.plugins.maia.agenttasks.task.TaskHost;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import io.jenkins.plugins.maia.agenttasks.task.TaskRun;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A freestyle build's host for a {@link TaskRun}: the build's executor thread waits for the end (an abort stops
 * the task, bounded), nothing is kept for a restart (a freestyle build does not survive one), and on success the
 * task id and target branch are exported to later build steps.
 */
final class FreestyleTaskRun implements TaskHost {

    /** Beyond the follower's stop grace, how long an aborted build waits for the step to wind up. */
    private static final long ABORT_WAIT_SECONDS = 90;

    private final Run<?, ?> run;
    private final TaskListener listener;
    private final CompletableFuture<TaskEnd> end = new CompletableFuture<>();

    FreestyleTaskRun(Run<?, ?> run, TaskListener listener) {
        this.run = run;
        this.listener = listener;
    }

    void run(TaskOptions options, Launch.CreateTask launch) throws InterruptedException, AbortException {
        TaskRun taskRun = new TaskRun(this, launch, TaskProgress.begin(options, null));
        if (!taskRun.begin()) {
            throw new AbortException("Maia: Jenkins is shutting down; run the build again after the restart.");
        }
        TaskEnd result;
        try {
            result = end.get();
        } catch (InterruptedException e) {
            taskRun.stop(new AbortException("Maia: the build was aborted."));
            try {
                end.get(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // the step ends either way
            }
            throw e;
        } catch (ExecutionException e) {
            throw new AbortException("Maia: " + e.getCause());
        }
        if (!result.succeeded()) {
            Throwable failure = result.failure();
            if (failure instanceof AbortException a) {
                throw a;
            }
            if (failure instanceof InterruptedException i) {
                throw i;
            }
            throw new AbortException("Maia: " + failure);
        }
        if (result.unstable() != null) {
            listener.getLogger().println(result.unstable());
            run.setResult(hudson.model.Result.UNSTABLE);
        }
        Map<String, Object> values = result.result();
        if (values == null) {
            throw new AbortException("Maia: the step ended without a result."); // TaskEnd.completed always has one
        }
        String taskId = (String) values.get(StepResult.TASK_ID);
        String branch = (String) values.get(StepResult.TARGET_BRANCH_NAME);
        run.addOrReplaceAction(new MaiaTaskEnvironmentAction(taskId, branch));
        listener.getLogger().println("Maia: exported " + MaiaTaskEnvironmentAction.TASK_ID + "=" + taskId
                + (branch == null ? "" : " and " + MaiaTaskEnvironmentAction.TARGET_BRANCH + "=" + branch));
    }

    @Override
    public Run<?, ?> run() {
        return run;
    }

    @Override
    public TaskListener listener() {
        return listener;
    }

    @Override
    public void progressed(TaskProgress progress, boolean durable) {
        // A freestyle build does not survive a controller restart: nothing to keep.
    }

    @Override
    public SubmittedInput submittedInput(String inputId, long notBeforeMillis) {
        return null; // a freestyle build never pauses for a Jenkins input
    }

    @Override
    public void ended(TaskEnd taskEnd) {
        end.complete(taskEnd);
    }
}
