package io.jenkins.plugins.maia.agenttasks.pipeline

import com.cloudbees.groovy.cps.NonCPS
import org.jenkinsci.plugins.workflow.cps.CpsScript
import io.jenkins.plugins.maia.agenttasks.pipeline.VariableTickets
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import io.jenkins.plugins.maia.agenttasks.task.MaiaTaskFailure

/**
 * Trusted (not sandboxed) Groovy behind the maiaAgentTask and maiaAgentMessage global variables; see
 * MaiaGlobalVariable. It only chains steps a Pipeline could call itself: the Java step, the real input step
 * while the task waits for a decision, and the internal resume step. Keep it that small: every public member
 * of this class can be reached from sandboxed scripts.
 *
 * Nothing the person answers passes through here: the resume step reads the answer from the input step's own
 * record. When the input ends without an answer (the build is aborted, a timeout expires, someone rejects it),
 * the resume step stops the task (stopOnAbort) and the interruption is rethrown, so the build ends as Jenkins
 * decided.
 */
class MaiaAgentTasksDsl implements Serializable {

    private static final long serialVersionUID = 1L

    private final CpsScript script
    private final String stepName

    MaiaAgentTasksDsl(CpsScript script, String stepName) {
        this.script = script
        this.stepName = stepName
    }

    def call(Map args) {
        if (stepName == 'maiaAgentTasks') {
            return callTasks(args)
        }
        return runTask(args, stepName, null, null, null)
    }

    /**
     * One task through the Java step, asking with the input step while it waits; {@code label}: the graph task.
     * {@code onWaiting} (a closure the script passed, or null) is called once per decision round before the input
     * waits; a failing closure is reported and never fails the build or skips the input.
     */
    private Map runTask(Map args, String name, String label, Closure onWaiting, String graphTask) {
        Map stepArgs = new LinkedHashMap(args)
        if (stepArgs.onWaiting != null) {
            onWaiting = (Closure) stepArgs.remove('onWaiting')
        }
        // Only this variable can ask a person through the input step (a single-use ticket says so to the step);
        // a direct steps.maiaAgentTask call fails instead.
        stepArgs.variableTicket = VariableTickets.issue()
        if (graphTask != null) {
            stepArgs.graphTask = graphTask
        }
        // Through `steps.`, never `script.maiaAgentTask(...)`: the variable shadows the step of the same name.
        Map result = name == 'maiaAgentMessage' ? script.steps.maiaAgentMessage(stepArgs) : script.steps.maiaAgentTask(stepArgs)
        String notified = null
        while (result != null && result.input != null) {
            Map request = result.input
            String taskId = result.taskId
            List parameters = []
            for (Map field : request.fields) {
                if (field.type == 'string') {
                    parameters.add(script.steps.string(name: field.name, defaultValue: '', description: field.description, trim: true))
                } else {
                    parameters.add(script.steps.choice(name: field.name, choices: field.choices, description: field.description))
                }
            }
            String message = label == null ? request.message : "[${label}] ${request.message}".toString()
            Map inputArgs = [message: message, id: request.id, ok: request.ok,
                             submitterParameter: request.submitterParameter, parameters: parameters]
            if (request.submitter) {
                inputArgs.submitter = request.submitter
            }
            int minutes = request.decisionTimeout ?: 0
            long askedAt = 0
            try {
                if (onWaiting != null && notified != request.round) {
                    notified = request.round
                    tellWaiting(onWaiting, taskId, request, label)
                }
                askedAt = now()
                if (minutes > 0) {
                    script.timeout(time: minutes, unit: 'MINUTES') {
                        script.steps.input(inputArgs)
                    }
                } else {
                    script.steps.input(inputArgs)
                }
            } catch (Throwable interruption) {
                if (minutes > 0 && isOwnTimeout(interruption, askedAt, minutes)) {
                    result = afterDecisionTimeout(taskId, request.onDecisionTimeout, minutes)
                    continue
                }
                try {
                    script.steps.maiaAgentTaskResume(taskId: taskId, inputEnded: describe(interruption))
                } catch (Throwable stopFailure) {
                    script.steps.echo("Maia: could not stop task ${taskId} after the input ended: ${stopFailure.message}")
                }
                throw interruption
            }
            result = script.steps.maiaAgentTaskResume(taskId: taskId)
        }
        result?.remove('input')
        return result
    }

    /** Nobody answered within decisionTimeout: reject and go on, or stop the task, or leave it paused; the last two fail. */
    private Map afterDecisionTimeout(String taskId, String action, int minutes) {
        Map result = script.steps.maiaAgentTaskResume(taskId: taskId, decisionTimedOut: action)
        if (action == 'reject') {
            return result
        }
        String what = action == 'stop' ? "task ${taskId} was stopped (onDecisionTimeout: stop)"
                : "task ${taskId} stays paused (onDecisionTimeout: fail): answer it in the Maia UI, then continue it " +
                  "with maiaAgentMessage(taskId: '${taskId}', message: '...')"
        script.steps.error("Maia: nobody answered within ${minutes} minute(s) (decisionTimeout); ${what}.")
        return null
    }

    /** Calls the script's onWaiting closure; whatever it throws, the input is asked (an abort still aborts). */
    private void tellWaiting(Closure onWaiting, String taskId, Map request, String label) {
        Map details = [taskId: taskId, task: label, summary: request.summary, tools: request.tools,
                       questions: request.questions, submitter: request.submitter,
                       url: request.url ?: "${script.env.BUILD_URL ?: ''}input/".toString()]
        try {
            onWaiting.call(details)
        } catch (FlowInterruptedException interruption) {
            throw interruption
        } catch (Throwable failure) {
            script.steps.echo("Maia: onWaiting failed (${failure}); asking for the input anyway.")
        }
    }

    /** The timeout around the input fired (not an outer timeout or an abort): its cause, after its time. */
    @NonCPS
    private static boolean isOwnTimeout(Throwable interruption, long askedAt, int minutes) {
        if (!(interruption instanceof FlowInterruptedException)) {
            return false
        }
        boolean exceeded = interruption.causes.any { it.getClass().getName().endsWith('TimeoutStepExecution$ExceededTimeout') }
        return exceeded && now() - askedAt >= minutes * 60_000L - 5_000L
    }

    @NonCPS
    private static long now() {
        return System.currentTimeMillis()
    }

    /**
     * maiaAgentTasks: the plan step checks everything and records the graph; each task runs in a parallel branch
     * that waits at its gate (dependencies finished, a slot free) and reports its end, so its dependents start or
     * are skipped. A task that does not finish fails its branch only under failFast (parallel then interrupts the
     * others, which stops their tasks); otherwise its result is recorded and the other tasks go on.
     */
    private Map callTasks(Map args) {
        Map spec = new LinkedHashMap(args)
        Closure onWaiting = (Closure) spec.remove('onWaiting')
        Map plan = script.steps.maiaAgentTasksPlan(spec: spec)
        String graph = plan.graph
        boolean failFast = plan.failFast
        Map results = [:]
        Map branches = [:]
        for (String id : plan.order) {
            branches[id] = taskBranch(graph, id, plan.tasks[id], failFast, results, onWaiting)
        }
        if (failFast) {
            branches.failFast = true
        }
        Throwable failure = null
        try {
            script.parallel(branches)
        } catch (Throwable t) {
            failure = t
        }
        Map ordered = [:]
        List<String> notFinished = []
        for (String id : plan.order) {
            Map r = results[id] ?: [id: id, outcome: 'ABORTED', detail: 'the branch ended before the task did']
            ordered[id] = r
            if (r.outcome != 'FINISHED') {
                notFinished.add("${id}: ${r.outcome}${r.detail ? ' (' + r.detail + ')' : ''}".toString())
            }
        }
        if (failure instanceof FlowInterruptedException && !anyTaskFailed(ordered)) {
            throw failure // aborted or timed out from outside: the build ends as Jenkins decided
        }
        if (!notFinished.isEmpty() && plan.propagate) {
            script.steps.error("Maia: ${notFinished.size()} of ${plan.order.size()} task(s) of ${graph} did not finish:\n"
                    + notFinished.join('\n') + "\nEvery task's result is on the build's Maia page; "
                    + "propagate: false returns the results instead of failing.")
        }
        return ordered
    }

    private Closure taskBranch(String graph, String id, Map taskArgs, boolean failFast, Map results, Closure onWaiting) {
        return {
            Map gate
            try {
                gate = script.steps.maiaAgentTasksGate(graph: graph, task: id)
            } catch (Throwable interruption) {
                Map ended = script.steps.maiaAgentTasksEnded(graph: graph, task: id, outcome: 'ABORTED')
                results[id] = [id: id, outcome: 'SKIPPED', detail: ended?.skipped ?: describe(interruption)]
                throw interruption
            }
            if (gate.skip != null) {
                results[id] = [id: id, outcome: 'SKIPPED', detail: gate.skip]
                return
            }
            Map r
            try {
                r = runTask(taskArgs, 'maiaAgentTask', id, onWaiting, "${graph}/${id}".toString())
            } catch (Throwable t) {
                Map ended = failureOf(id, t)
                results[id] = ended
                script.steps.maiaAgentTasksEnded(graph: graph, task: id, outcome: ended.outcome,
                        taskId: ended.taskId ?: '', detail: ended.detail ?: '')
                if (failFast || t instanceof FlowInterruptedException) {
                    throw t
                }
                return
            }
            r.id = id
            results[id] = r
            script.steps.maiaAgentTasksEnded(graph: graph, task: id, outcome: r.outcome, taskId: r.taskId ?: '')
        }
    }

    /** A task's result when its step failed: the outcome the step gave (ERRORED, TIMED_OUT, ...) when it gave one. */
    @NonCPS
    private static Map failureOf(String id, Throwable t) {
        if (t instanceof MaiaTaskFailure) {
            return [id: id, outcome: t.outcome, taskId: t.taskId, detail: firstLine(t.message)]
        }
        if (t instanceof FlowInterruptedException) {
            return [id: id, outcome: 'ABORTED', detail: describe(t)]
        }
        return [id: id, outcome: 'FAILED', detail: firstLine(t.message ?: t.toString())]
    }

    @NonCPS
    private static boolean anyTaskFailed(Map results) {
        return results.values().any { it.outcome != 'FINISHED' && it.outcome != 'ABORTED' && it.outcome != 'SKIPPED' }
    }

    @NonCPS
    private static String firstLine(String text) {
        return text == null ? null : text.readLines().find { true }
    }

    /** "Aborted by alice", "Rejected by bob", "Timeout has been exceeded", or the exception itself. */
    @NonCPS
    private static String describe(Throwable interruption) {
        if (interruption instanceof FlowInterruptedException) {
            List<String> causes = []
            for (def cause : interruption.causes) {
                causes.add(cause.shortDescription)
            }
            if (!causes.isEmpty()) {
                return causes.join('; ')
            }
            return "interrupted (${interruption.result})"
        }
        return interruption.toString()
    }
}
