package io.jenkins.plugins.maia.agenttasks.pipeline;

import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.task.TaskEnd;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import io.jenkins.plugins.maia.agenttasks.task.TaskRun;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The asynchronous execution of every Maia Pipeline step. {@link #start()} does no I/O and returns false: the
 * work runs on Jenkins' timer ({@link TaskRun}), holding no executor and no thread while the agent works.
 *
 * <p>Saved state: what to launch and the {@link TaskProgress} (options, deadline, "create requested at", task id,
 * follow state), written with {@code saveState()} after every change. No credential or token: the credential is
 * resolved again from its id each time the step (re)starts. {@link #onResume()} continues after a controller
 * restart from the last saved progress, without creating a second task or losing a message.
 */
@Restricted(NoExternalUse.class)
public final class MaiaStepExecution extends StepExecution implements TaskRun.Host {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(MaiaStepExecution.class.getName());
    /** How long a durable save (before a create call) may take before the step goes on anyway. */
    private static final long DURABLE_SAVE_SECONDS = 60;

    private final Launch launch;
    private volatile TaskProgress progress;
    private transient volatile TaskRun taskRun;

    MaiaStepExecution(StepContext context, Launch launch, TaskProgress progress) {
        super(context);
        this.launch = launch;
        this.progress = progress;
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
    public void progressed(TaskProgress newProgress, boolean durable) {
        progress = newProgress;
        ListenableFuture<Void> saved = getContext().saveState();
        if (durable) {
            try {
                saved.get(DURABLE_SAVE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOGGER.log(Level.WARNING, "could not save the state of a Maia step before a create call", e);
            }
        }
    }

    @Override
    public void ended(TaskEnd end) {
        if (end.succeeded()) {
            getContext().onSuccess(end.result());
        } else {
            getContext().onFailure(end.failure());
        }
    }
}
