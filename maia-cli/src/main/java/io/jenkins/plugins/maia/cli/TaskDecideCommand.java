package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maia task decide ID ...}: answers a paused task's pending decisions. Tools are named by the
 * pending decision's id or by tool name; questions are answered with {@code --answer N=OPTION}.
 */
@Command(name = "decide",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = {
        "Answer the pending decisions of a paused task; the task then resumes ('maia watch ID' follows it). "
                + "TOOL is a pending decision's id (as 'maia task get' shows) or a tool name such as git_push."})
public final class TaskDecideCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Option(names = "--approve", paramLabel = "TOOL", description = "Approve this one call (scope ONCE).")
    List<String> approve = new ArrayList<>();

    @Option(names = "--approve-for-task", paramLabel = "TOOL", description = "Approve for the rest of the task (scope CONVERSATION).")
    List<String> approveForTask = new ArrayList<>();

    @Option(names = "--reject", paramLabel = "TOOL", description = "Reject the call.")
    List<String> reject = new ArrayList<>();

    @Option(names = "--answer", paramLabel = "N=OPTION", converter = AnswerOption.Converter.class,
            description = "Answer question N (zero-based, the API's questionIndex) with the option labelled OPTION "
                    + "(or its 1-based number). Repeat N, or separate labels with commas, for a multi-select question.")
    List<AnswerOption> answers = new ArrayList<>();

    @Option(names = "--question", paramLabel = "QUESTION_ID",
            description = "Which pending question --answer is for (needed only when several are pending).")
    String questionId;

    @Mixin
    JsonOption json;

    public TaskDecideCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        if (approve.isEmpty() && approveForTask.isEmpty() && reject.isEmpty() && answers.isEmpty()) {
            throw new UsageException("Nothing to decide: give --approve, --approve-for-task, --reject TOOL or --answer N=OPTION");
        }
        if (questionId != null && answers.isEmpty()) {
            throw new UsageException("--question needs at least one --answer N=OPTION");
        }
        MaiaClient client = connection.connect(ctx);
        Task task = client.getTask(taskId);
        List<PendingDecision> pending = task.pendingDecisions();
        if (pending.isEmpty()) {
            throw new UsageException("Task " + taskId + " has no pending decision (status " + task.status() + ")");
        }
        List<Decision> decisions = new ArrayList<>();
        addTools(decisions, pending, approve, ToolDecision::approveOnce, "--approve");
        addTools(decisions, pending, approveForTask, ToolDecision::approveForTask, "--approve-for-task");
        addTools(decisions, pending, reject, ToolDecision::reject, "--reject");
        if (!answers.isEmpty()) {
            PendingDecision question = question(pending);
            decisions.add(new QuestionDecision(question.toolId(), questionAnswers(DecisionView.of(question))));
        }
        List<PendingDecision> still = client.submitDecisions(taskId, decisions);
        if (asJson) {
            ObjectNode result = TaskActionJson.of(taskId, "decide");
            var submitted = result.putArray("submitted");
            for (Decision d : decisions) {
                ObjectNode node = submitted.addObject().put("type", d instanceof ToolDecision ? "tool" : "question");
                node.setAll((ObjectNode) JsonOutput.mapper().valueToTree(d));
            }
            ResultJson.putPending(result.putArray("pendingDecisions"), still, ServerText.of(ctx));
            ctx.printJson(result);
            return 0;
        }
        for (Decision d : decisions) {
            ctx.out().println("Submitted: " + describe(d));
        }
        if (still.isEmpty()) {
            ctx.out().println("Nothing pending any more; follow the task with '"
                    + new NextSteps(connection.reconnectOptions(), null).watch(taskId, null) + "'.");
        } else {
            ServerText server = ServerText.of(ctx);
            ctx.out().println("Still pending: " + still.stream().map(server::decision).map(TaskFormat::pendingLabel)
                    .collect(Collectors.joining(", ")));
        }
        return 0;
    }

    private void addTools(List<Decision> decisions, List<PendingDecision> pending, List<String> names,
                          Function<String, ToolDecision> decision, String option) {
        for (String name : names) {
            List<PendingDecision> matches = pending.stream().filter(p -> !p.isQuestion() && name.equals(p.toolId())).toList();
            if (matches.isEmpty()) {
                matches = pending.stream().filter(p -> !p.isQuestion() && name.equals(p.toolName())).toList();
            }
            if (matches.isEmpty()) {
                throw new UsageException(option + " " + name + ": no pending tool decision has this id or tool name; pending: "
                        + pending.stream().map(TaskFormat::pendingLabel).collect(Collectors.joining(", ")));
            }
            matches.forEach(p -> decisions.add(decision.apply(p.toolId())));
        }
    }

    private PendingDecision question(List<PendingDecision> pending) {
        List<PendingDecision> questions = pending.stream().filter(PendingDecision::isQuestion).toList();
        if (questionId != null) {
            return questions.stream().filter(q -> questionId.equals(q.toolId())).findFirst().orElseThrow(() ->
                    new UsageException("--question " + questionId + ": no pending question has this id; pending: "
                            + pending.stream().map(TaskFormat::pendingLabel).collect(Collectors.joining(", "))));
        }
        if (questions.isEmpty()) {
            throw new UsageException("--answer: task " + taskId + " has no pending question; pending: "
                    + pending.stream().map(TaskFormat::pendingLabel).collect(Collectors.joining(", ")));
        }
        if (questions.size() > 1) {
            throw new UsageException("--answer: several questions are pending; say which with --question "
                    + questions.stream().map(PendingDecision::toolId).collect(Collectors.joining(" or --question ")));
        }
        return questions.get(0);
    }

    /**
     * Answers grouped by question index, in index order. A repeated index, or labels separated by commas (as
     * {@code run --answer} takes them), select several options. When the question's options are known, each
     * answer must name one (a label in any case, or its 1-based number) and is sent as the exact label.
     */
    private List<QuestionAnswer> questionAnswers(DecisionView view) {
        Map<Integer, List<String>> byIndex = new LinkedHashMap<>();
        answers.stream().sorted((a, b) -> Integer.compare(a.questionIndex(), b.questionIndex()))
                .forEach(a -> byIndex.computeIfAbsent(a.questionIndex(), i -> new ArrayList<>()).addAll(labels(view, a, ServerText.of(ctx))));
        return byIndex.entrySet().stream().map(e -> new QuestionAnswer(e.getKey(), e.getValue())).toList();
    }

    private static List<String> labels(DecisionView view, AnswerOption answer, ServerText server) {
        if (view.questions().isEmpty()) {
            return List.of(answer.option()); // shape not understood: send what the user wrote
        }
        if (answer.questionIndex() >= view.questions().size()) {
            throw new UsageException("--answer " + answer.questionIndex() + "=...: the pending question has only "
                    + view.questions().size() + " question(s), numbered from 0");
        }
        DecisionView.Question q = view.questions().get(answer.questionIndex());
        var whole = view.matchOption(q.index(), answer.option());
        if (whole.isPresent()) {
            return List.of(whole.get());
        }
        List<String> labels = new ArrayList<>();
        for (String part : answer.option().split(",")) {
            labels.add(view.matchOption(q.index(), part).orElseThrow(() -> new UsageException("--answer "
                    + answer.questionIndex() + "=" + part.strip() + ": not an option of \"" + server.oneLine(q.text(), 120)
                    + "\"; options: " + server.redact(String.join(" | ", q.options())))));
        }
        return labels;
    }

    private static String describe(Decision d) {
        if (d instanceof ToolDecision t) {
            return (t.approved() ? "approve (" + t.scope() + ")" : "reject") + " " + t.id();
        }
        QuestionDecision q = (QuestionDecision) d;
        return "answer " + q.id() + " " + q.answers().stream()
                .map(a -> a.questionIndex() + "=" + String.join("|", a.selectedOptions())).collect(Collectors.joining(" "));
    }
}
