package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.Messages;
import io.jenkins.plugins.maia.agenttasks.graph.GraphCoordinator;
import io.jenkins.plugins.maia.agenttasks.graph.GraphCoordinators;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Internal: a {@code maiaAgentTasks} branch waits here until its task may start (every dependency FINISHED and a
 * slot free under {@code maxConcurrent}) or is skipped; returns {@code [start: true]} or {@code [skip: reason]}.
 * Holds no thread while it waits; after a restart it comes back to the graph rebuilt from the build's record.
 */
@Restricted(NoExternalUse.class)
public final class MaiaAgentTasksGateStep extends Step {

    private final String graph;
    private final String task;

    @DataBoundConstructor
    public MaiaAgentTasksGateStep(String graph, String task) {
        this.graph = graph;
        this.task = task;
    }

    public String getGraph() {
        return graph;
    }

    public String getTask() {
        return task;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, graph, task);
    }

    private static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(MaiaAgentTasksGateStep.class.getName());
        private final String graph;
        private final String task;

        Execution(StepContext context, String graph, String task) {
            super(context);
            this.graph = graph;
            this.task = task;
        }

        @Override
        public boolean start() throws Exception {
            arrive();
            return false;
        }

        @Override
        public void onResume() {
            try {
                arrive();
            } catch (IOException | InterruptedException e) {
                getContext().onFailure(e);
            }
        }

        private void arrive() throws IOException, InterruptedException {
            GraphCoordinator coordinator = coordinator();
            TaskListener listener = getContext().get(TaskListener.class);
            coordinator.arrive(task, new GraphCoordinator.Gate() {
                @Override
                public void start() {
                    getContext().onSuccess(new LinkedHashMap<>(Map.of("start", true)));
                }

                @Override
                public void skip(String reason) {
                    listener.getLogger().println("Maia: task " + task + " of " + graph + " is skipped: " + reason);
                    Map<String, Object> skipped = new LinkedHashMap<>();
                    skipped.put("skip", reason);
                    getContext().onSuccess(skipped);
                }
            });
        }

        private GraphCoordinator coordinator() throws IOException, InterruptedException {
            Run<?, ?> run = getContext().get(Run.class);
            if (run == null) {
                throw new AbortException("Maia: no build to wait in");
            }
            return GraphCoordinators.of(run, graph);
        }

        @Override
        public void stop(@NonNull Throwable cause) {
            try {
                coordinator().leave(task);
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "no graph to leave", e);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            return "task " + task + " of " + graph + " waits for its dependencies or a free slot";
        }
    }

    @Extension
    public static final class DescriptorImpl extends InternalStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTasksGate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTasksGateStep_DisplayName();
        }
    }
}
