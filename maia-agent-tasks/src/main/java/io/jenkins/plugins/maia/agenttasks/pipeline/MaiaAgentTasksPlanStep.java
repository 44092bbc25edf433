package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.Messages;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.graph.GraphBoard;
import io.jenkins.plugins.maia.agenttasks.graph.GraphCoordinators;
import io.jenkins.plugins.maia.agenttasks.options.OnDecision;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirror;
import io.jenkins.plugins.maia.agenttasks.graph.TaskGraphSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Internal: the first step of {@code maiaAgentTasks(...)}. Reads and checks the whole call before any task is
 * created (see {@link TaskGraphSpec}), records the graph in the build, and hands the global variable each task's
 * {@code maiaAgentTask} arguments in order. No I/O on the Pipeline's thread: the build's record is written, and
 * the graph declared on the build's Quant board (when the mirror is on), on a Maia thread, which then ends the
 * step.
 */
@Restricted(NoExternalUse.class)
public final class MaiaAgentTasksPlanStep extends Step {

    /** The options every task gets from the global variable itself, never from the script. */
    private static final Set<String> INTERNAL_OPTIONS = Set.of("variableTicket", "graphTask");

    private final Object spec;

    /** @param spec the named arguments of {@code maiaAgentTasks(...)}, as the script wrote them */
    @DataBoundConstructor
    public MaiaAgentTasksPlanStep(Object spec) {
        this.spec = spec;
    }

    public Object getSpec() {
        return spec;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, spec);
    }

    /** The names a task (or the call, for all tasks) may set: the options of {@code maiaAgentTask}. */
    static Set<String> taskOptions() {
        Set<String> names = new TreeSet<>();
        for (DescribableParameter p : DescribableModel.of(MaiaAgentTaskStep.class).getParameters()) {
            names.add(p.getName());
        }
        names.removeAll(INTERNAL_OPTIONS);
        return names;
    }

    /**
     * Checks a task's arguments as {@code maiaAgentTask} would (the create request, then the options) and returns
     * what the Quant board shows of the task before it runs.
     */
    static GraphBoard.Declared checkTask(Map<String, Object> args, TaskListener listener) throws Exception {
        MaiaAgentTaskStep step = DescribableModel.of(MaiaAgentTaskStep.class).instantiate(args, listener);
        step.launch();
        TaskOptions options = step.optionsForVariable();
        return new GraphBoard.Declared(step.getMessage(), step.getProjectId(), step.getMode(),
                step.getTargetBranchName(), BuildQuantMirror.whoMayAnswer(options.onDecision() == OnDecision.INPUT,
                        options.submitter()));
    }

    private static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED",
                justification = "read in start() only; a restart before the step ends fails it (onResume)")
        private final transient Object spec;

        Execution(StepContext context, Object spec) {
            super(context);
            this.spec = spec;
        }

        /** A restart while the graph was being declared: nothing started yet (the gates wait for this step). */
        @Override
        public void onResume() {
            getContext().onFailure(new hudson.AbortException("Maia: the controller restarted while maiaAgentTasks "
                    + "was starting, before any of its tasks was created; run the build again."));
        }

        @Override
        public boolean start() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            if (!(spec instanceof Map<?, ?> map)) {
                throw new hudson.AbortException("maiaAgentTasks: takes named arguments, e.g. maiaAgentTasks(tasks: "
                        + "[[id: 'staging', message: '...']], maxConcurrent: 2)");
            }
            // Each task is checked once; what the board shows of it is kept from that check (ids are valid and
            // unique once parse returns).
            Map<String, GraphBoard.Declared> declared = new LinkedHashMap<>();
            TaskGraphSpec graph = TaskGraphSpec.parse(map, taskOptions(),
                    (id, args) -> declared.put(id, checkTask(args, listener)));
            String graphId = GraphCoordinators.register(getContext().get(Run.class), graph);
            listener.getLogger().println("Maia: task graph " + graphId + ": " + graph.order().size() + " task(s), at "
                    + "most " + graph.maxConcurrent() + " at a time" + (graph.failFast() ? ", failFast" : "") + ": "
                    + String.join(", ", graph.order().stream().map(id -> graph.dependsOn().get(id).isEmpty() ? id
                            : id + " (after " + String.join(", ", graph.dependsOn().get(id)) + ")").toList()));
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("graph", graphId);
            plan.put("order", new ArrayList<>(graph.order()));
            Map<String, Object> tasks = new LinkedHashMap<>();
            graph.order().forEach(id -> tasks.put(id, new LinkedHashMap<>(graph.taskArgs().get(id))));
            plan.put("tasks", tasks);
            plan.put("failFast", graph.failFast());
            plan.put("propagate", graph.propagate());
            Run<?, ?> run = getContext().get(Run.class);
            // The board is written from a Maia thread (the Quant credential is looked up there), and the graph's
            // first gate opens only once its tasks are declared, so each step finds its pending Quant task.
            Runnable declare = () -> {
                try {
                    GraphBoard.declare(run, graphId, graph, declared, line -> listener.getLogger().println(line));
                } catch (RuntimeException e) {
                    listener.getLogger().println("Maia: the Quant mirror could not show task graph " + graphId
                            + " (" + e.getMessage() + "); its tasks are mirrored as they start.");
                }
                getContext().onSuccess(plan);
            };
            if (!MaiaController.execute(declare)) {
                getContext().onSuccess(plan);
            }
            return false;
        }
    }

    @Extension
    public static final class DescriptorImpl extends InternalStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTasksPlan";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTasksPlanStep_DisplayName();
        }
    }
}
