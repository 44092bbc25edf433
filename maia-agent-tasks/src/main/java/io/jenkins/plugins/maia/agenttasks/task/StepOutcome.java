package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step does once its follow ended, decided by {@link StepOutcomes} without touching Jenkins: the console
 * lines to print first, then one of: complete with a result, ask a person through a Jenkins input, or fail with
 * a message that says what happened to the task and what to do.
 */
@Restricted(NoExternalUse.class)
public sealed interface StepOutcome permits StepOutcome.Completed, StepOutcome.AskInput, StepOutcome.Failed,
        StepOutcome.Interrupted {

    /** Lines for the build's console, printed before the step ends. */
    List<String> console();

    /**
     * The step returns {@code result} (see {@link StepResult}); with {@code unstable} (why, e.g. a rejected tool
     * under failOnRejection) the build is marked UNSTABLE, so denied work is visible; null otherwise.
     */
    record Completed(Map<String, Object> result, List<String> console, String unstable) implements StepOutcome {
        public Completed {
            console = List.copyOf(console);
        }

        public Completed(Map<String, Object> result, List<String> console) {
            this(result, console, null);
        }
    }

    /**
     * The task waits for decisions a person answers in {@code input}: the step keeps the pause and returns
     * {@code result}, whose {@code input} entry the Pipeline variable turns into a real {@code input} step.
     */
    record AskInput(InputRequest input, Map<String, Object> result, List<String> console) implements StepOutcome {
        public AskInput {
            console = List.copyOf(console);
        }
    }

    /**
     * The step fails with {@code message}. {@code stopTask}: ask Maia to stop the task first (a timeout with
     * {@code stopOnAbort}), and say how that went.
     */
    record Failed(String message, boolean stopTask, List<String> console) implements StepOutcome {
        public Failed {
            console = List.copyOf(console);
        }
    }

    /** The build was aborted while following: the step fails with the abort's own cause. */
    record Interrupted(List<String> console) implements StepOutcome {
        public Interrupted {
            console = List.copyOf(console);
        }
    }

    /** Collects console lines while an outcome is decided. */
    final class Lines {
        private final List<String> lines = new ArrayList<>();

        void add(String line) {
            lines.add(line);
        }

        List<String> list() {
            return lines;
        }
    }
}
