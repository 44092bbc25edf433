package io.jenkins.plugins.maia.agenttasks.pipeline;

import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.quant.QuantPlacement;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.task.TaskEnd;
import io.jenkins.plugins.maia.agenttasks.task.TaskHost;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import io.jenkins.plugins.maia.agenttasks.task.TaskRun;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The asynchronous execution of every Maia Pipeline step. {@link #start()} does no I/O and returns false: the
 * work runs on the Maia threads ({@link TaskRun}), holding no executor and no Jenkins shared thread while the
 * agent works.
 *
 * <p>Saved state: what to launch and the {@link TaskProgress} (options, deadline, "create requested at", task id,
 * follow state). No credential or token: the credential is resolved again from its id each time the step
 * (re)starts. {@link #onResume()} continues after a controller restart from the last saved progress, without
 * creating a second task or losing a message.
 *
 * <p>When the program is saved: {@code saveState()} writes the whole {@code program.dat} (under the durability
 * settings that persist with every step), so it is asked for durably (waiting until written) only where a
 * restart must know: just before a create call, once the task id is known, once a person's answers were taken,
 * and otherwise (new messages, status changes) at most once every {@value #PROGRESS_SAVE_SECONDS} s. Under
 * {@code PERFORMANCE_OPTIMIZED} Pipeline saves nothing until an orderly shutdown (its documented trade-off): an
 * orderly restart continues exactly, a crash may lose the step.
 */
@Restricted(NoExternalUse.class)
public final class MaiaStepExecution extends StepExecution implements TaskHost {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(MaiaStepExecution.class.getName());
    /** How long a durable save may take before the step goes on anyway. */
    private static final long DURABLE_SAVE_SECONDS = 60;
    /** Fewest seconds between two saves of routine progress. */
    static final long PROGRESS_SAVE_SECONDS = 10;

    private final Launch launch;
    private final GraphPlacement placement;
    private volatile TaskProgress progress;
    private transient volatile TaskRun taskRun;
    /** Throttles routine saves; created again after a restart. */
    private transient volatile ProgressSaves saves;

    MaiaStepExecution(StepContext context, Launch launch, TaskProgress progress) {
        this(context, launch, progress, null);
    }

    /** @param placement the task's place in a {@code maiaAgentTasks} graph, on the build's Quant board; or null */
    MaiaStepExecution(StepContext context, Launch launch, TaskProgress progress,
            @CheckForNull GraphPlacement placement) {
        super(context);
        this.launch = launch;
        this.progress = progress;
        this.placement = placement;
    }

    @Override
    public @CheckForNull QuantPlacement quantPlacement() {
        return placement == null ? null : placement.toQuant();
    }

    @Override
    public boolean inGraph() {
        return placement != null;
    }

    @Override
    public boolean awaitedInGraph() {
        return placement != null && placement.awaited();
    }

    @Override
    public boolean start() {
        taskRun = new TaskRun(this, launch, progress);
        taskRun.begin();
        return false;
    }

    @Override
    public void onResume() {
        taskRun = new TaskRun(this, launch, progress);
        taskRun.begin();
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        TaskRun r = taskRun;
        if (r == null) {
            getContext().onFailure(cause);
        } else {
            r.stop(cause);
        }
    }

    @Override
    public String getStatus() {
        TaskRun r = taskRun;
        return r == null ? "waiting to resume" : r.status();
    }

    @Override
    public Run<?, ?> run() throws IOException, InterruptedException {
        return getContext().get(Run.class);
    }

    @Override
    public TaskListener listener() throws IOException, InterruptedException {
        return getContext().get(TaskListener.class);
    }

    @Override
    public @CheckForNull SubmittedInput submittedInput(String inputId, long notBeforeMillis)
            throws IOException, InterruptedException {
        FlowExecution execution = getContext().get(FlowExecution.class);
        return execution == null ? null : SubmittedInput.find(execution, inputId, notBeforeMillis);
    }

    @Override
    public void progressed(TaskProgress newProgress, boolean durable) {
        progress = newProgress;
        ProgressSaves throttle = saves();
        if (durable) {
            throttle.durableSave();
            save(true);
            return;
        }
        ProgressSaves.Plan plan = throttle.progressed();
        if (plan instanceof ProgressSaves.SaveNow) {
            save(false);
        } else if (plan instanceof ProgressSaves.SaveLater later) {
            if (MaiaController.schedule(() -> {
                throttle.scheduledSaveRuns();
                save(false);
            }, later.delay()) == null) {
                throttle.scheduleFailed(); // shutting down: an orderly shutdown saves the program anyway
            }
        }
    }

    private ProgressSaves saves() {
        ProgressSaves s = saves;
        if (s == null) {
            synchronized (this) {
                if (saves == null) {
                    saves = new ProgressSaves(Duration.ofSeconds(PROGRESS_SAVE_SECONDS), System::nanoTime);
                }
                s = saves;
            }
        }
        return s;
    }

    private void save(boolean wait) {
        ListenableFuture<Void> saved = getContext().saveState();
        if (!wait) {
            return;
        }
        try {
            saved.get(DURABLE_SAVE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "could not save the state of a Maia step", e);
        }
    }

    @Override
    public void ended(TaskEnd end) {
        if (end.unstable() != null) {
            markUnstable(end.unstable());
        }
        if (end.succeeded()) {
            getContext().onSuccess(end.result());
        } else {
            getContext().onFailure(end.failure());
        }
    }

    /** As the junit step does: the build and this step's node are marked UNSTABLE, and the console says why. */
    private void markUnstable(String why) {
        try {
            listener().getLogger().println(why);
            run().setResult(Result.UNSTABLE);
            FlowNode node = getContext().get(FlowNode.class);
            if (node != null) {
                node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(why));
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not mark the build UNSTABLE", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
