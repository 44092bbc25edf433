package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the decision options of {@code run} and {@code watch} against what the agent actually asked, so a typo
 * does not pass silently: an {@code --approve}, {@code --approve-for-task} or {@code --reject} whose tool was never
 * asked about, or an {@code --answer} that fits no question asked, draws a warning with the nearest name at the end
 * of the follow. Tool names that are not documented draw one before the follow starts ({@link #beforeFollow}).
 */
final class DecisionFlagCheck implements FollowListener {

    private final Map<String, List<String>> toolFlags = new LinkedHashMap<>();
    private final List<AnswerOption> answers;
    private final Set<String> toolsAsked = new LinkedHashSet<>();
    private final Set<String> toolsCalled = new LinkedHashSet<>();
    private final Map<String, DecisionView> questionsAsked = new LinkedHashMap<>();
    private final ServerText server;

    DecisionFlagCheck(FollowSettings settings, ServerText server) {
        this.server = server;
        toolFlags.put("--approve", List.copyOf(settings.approve));
        toolFlags.put("--approve-for-task", List.copyOf(settings.approveForTask));
        toolFlags.put("--reject", List.copyOf(settings.reject));
        this.answers = List.copyOf(settings.answers);
    }

    /**
     * Warnings for tool names that are not documented, given in {@code --rules}, as decision options or as
     * {@code extra} (--grant).
     */
    static List<String> beforeFollow(FollowSettings settings, Map<String, List<String>> extra) {
        List<String> warnings = new ArrayList<>(settings.rules().warnings());
        Map<String, List<String>> all = new LinkedHashMap<>(new DecisionFlagCheck(settings, null).toolFlags);
        all.putAll(extra);
        all.forEach((option, tools) -> tools.forEach(t -> KnownTools.warning(option, t).ifPresent(warnings::add)));
        return warnings;
    }

    @Override
    public synchronized void onStatus(Task task) {
        task.pendingDecisions().forEach(this::asked);
    }

    @Override
    public synchronized void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        asked(pending);
    }

    @Override
    public synchronized void onEvent(TaskEvent event) {
        // An SDK message may call several tools besides its text: each part counts.
        for (MessageText text : MessageText.of(event).pieces()) {
            if (text.kind() == MessageText.Kind.TOOL_CALL && text.toolName() != null) {
                toolsCalled.add(server.redact(text.toolName()));
            }
        }
    }

    private void asked(PendingDecision decision) {
        // Masked before anything of it is cut into a warning.
        PendingDecision p = server.decision(decision);
        if (p.isQuestion()) {
            questionsAsked.putIfAbsent(String.valueOf(p.toolId()), DecisionView.of(p));
        } else if (p.toolName() != null) {
            toolsAsked.add(p.toolName());
        }
    }

    /** One warning for each decision option that matched nothing the agent asked during this follow. */
    synchronized List<String> afterFollow() {
        List<String> warnings = new ArrayList<>();
        toolFlags.forEach((option, tools) -> {
            for (String tool : tools) {
                if (!toolsAsked.contains(tool)) {
                    warnings.add(toolWarning(option, tool));
                }
            }
        });
        for (AnswerOption answer : answers) {
            answerWarning(answer).ifPresent(warnings::add);
        }
        return warnings;
    }

    private String toolWarning(String option, String tool) {
        Set<String> candidates = new LinkedHashSet<>(toolsAsked);
        candidates.addAll(toolsCalled);
        String flag = "warning: " + option + " " + TerminalText.oneLine(tool, 80) + " matched nothing";
        Optional<String> near = NearestNames.nearest(tool, candidates);
        if (near.isPresent()) {
            return flag + "; did you mean " + TerminalText.oneLine(near.get(), 80) + "?";
        }
        return flag + ": the agent asked about " + (toolsAsked.isEmpty() ? "no tool"
                : String.join(", ", toolsAsked.stream().map(t -> TerminalText.oneLine(t, 80)).toList()))
                + " in this follow";
    }

    private Optional<String> answerWarning(AnswerOption answer) {
        String flag = "warning: --answer " + answer.questionIndex() + "=" + TerminalText.oneLine(answer.option(), 80)
                + " matched nothing";
        if (questionsAsked.isEmpty()) {
            return Optional.of(flag + ": the agent asked no question in this follow");
        }
        int most = 0;
        List<String> options = new ArrayList<>();
        String question = null;
        for (DecisionView view : questionsAsked.values()) {
            most = Math.max(most, view.questions().size());
            if (answer.questionIndex() >= view.questions().size()) {
                continue;
            }
            if (fits(view, answer)) {
                return Optional.empty();
            }
            DecisionView.Question q = view.questions().get(answer.questionIndex());
            question = q.text();
            options.addAll(q.options());
        }
        if (question == null) {
            return Optional.of(flag + ": the questions asked are numbered from 0 to " + (most - 1));
        }
        String wrong = answer.option().contains(",") ? answer.option().split(",")[0] : answer.option();
        String suggestion = NearestNames.nearest(wrong.strip(), options).map(n -> "; did you mean " + n + "?").orElse("");
        return Optional.of(flag + " of \"" + TerminalText.oneLine(question, 120) + "\"" + suggestion + " (options: "
                + TerminalText.oneLine(String.join(" | ", options), 300) + ", or their numbers from 1)");
    }

    /** Whether the policy would have answered question N of {@code view} with this option (a label or a number). */
    private static boolean fits(DecisionView view, AnswerOption answer) {
        DecisionView.Question q = view.questions().get(answer.questionIndex());
        List<String> parts = q.multiSelect() ? List.of(answer.option().split(",")) : List.of(answer.option());
        return parts.stream().allMatch(part -> view.matchOption(q.index(), part).isPresent());
    }
}
