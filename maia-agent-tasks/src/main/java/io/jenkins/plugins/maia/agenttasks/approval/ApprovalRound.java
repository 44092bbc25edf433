package io.jenkins.plugins.maia.agenttasks.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Two-person (or n-person) approval, decided without Jenkins: a tool is approved once {@code approvers} distinct
 * people approved it and nobody rejected it; one rejection rejects it. A question needs one answer. Each person
 * answers in a Jenkins input of their own; the answers so far are kept with the pause (never taken from the
 * script), and who answered comes from the input step's own record.
 *
 * <p>Pure: from the answers so far and the new ones, either the decisions to send to Maia or the tools that still
 * need someone else.
 */
@Restricted(NoExternalUse.class)
public final class ApprovalRound {

    /** What follows an answer. */
    public sealed interface Next permits Send, AskAgain {}

    /** Every decision is settled: send these answers. */
    public record Send(List<AnsweredDecision> answers) implements Next {
        public Send {
            answers = List.copyOf(answers);
        }
    }

    /**
     * Some tools need more approvals: ask again about {@code fields} (tool fields only), keeping {@code kept} (every
     * answer so far that counts). {@code refused}: why this person's answer did not count, or null.
     */
    public record AskAgain(List<InputField> fields, List<AnsweredDecision> kept, List<String> approvedBy,
            String refused) implements Next {
        public AskAgain {
            fields = List.copyOf(fields);
            kept = List.copyOf(kept);
            approvedBy = List.copyOf(approvedBy);
        }
    }

    private ApprovalRound() {}

    /**
     * @param fields  the fields of the input that was just answered
     * @param earlier the answers kept from earlier inputs about the same decisions
     * @param now     this input's answers (one person's)
     */
    public static Next next(int approvers, List<InputField> fields, List<AnsweredDecision> earlier,
            List<AnsweredDecision> now) {
        String person = now.isEmpty() ? null : now.get(0).decidedBy();
        boolean approvedBefore = earlier.stream().anyMatch(a -> a.toolChoice() != null
                && a.toolChoice() != ToolChoice.REJECT && a.decidedBy().equals(person));
        boolean approvesNow = now.stream().anyMatch(a -> a.toolChoice() != null && a.toolChoice() != ToolChoice.REJECT);
        if (approvedBefore && approvesNow) {
            List<String> by = approvers(earlier);
            return new AskAgain(fields, earlier, by, person + " already approved; another person must approve");
        }
        List<AnsweredDecision> all = new ArrayList<>(earlier);
        all.addAll(now);
        Map<String, List<AnsweredDecision>> byTool = new LinkedHashMap<>();
        List<AnsweredDecision> questions = new ArrayList<>();
        for (AnsweredDecision a : all) {
            if (a.toolChoice() == null) {
                questions.add(a);
            } else {
                byTool.computeIfAbsent(a.toolId(), k -> new ArrayList<>()).add(a);
            }
        }
        List<AnsweredDecision> send = new ArrayList<>(questions);
        Set<String> waiting = new LinkedHashSet<>();
        for (Map.Entry<String, List<AnsweredDecision>> e : byTool.entrySet()) {
            AnsweredDecision rejection = e.getValue().stream().filter(a -> a.toolChoice() == ToolChoice.REJECT)
                    .findFirst().orElse(null);
            if (rejection != null) {
                send.add(rejection);
                continue;
            }
            Set<String> people = new LinkedHashSet<>();
            boolean once = false;
            for (AnsweredDecision a : e.getValue()) {
                people.add(a.decidedBy());
                once |= a.toolChoice() == ToolChoice.APPROVE_ONCE;
            }
            if (people.size() < approvers) {
                waiting.add(e.getKey());
            } else {
                // The narrower approval wins: "once" from anyone keeps it to once.
                send.add(new AnsweredDecision(e.getKey(), once ? ToolChoice.APPROVE_ONCE : ToolChoice.APPROVE_FOR_TASK,
                        null, String.join(" and ", people)));
            }
        }
        if (waiting.isEmpty()) {
            return new Send(send);
        }
        List<InputField> again = fields.stream().filter(f -> f.kind() == InputField.Kind.TOOL
                && waiting.contains(f.toolId())).toList();
        return new AskAgain(again, all, approvers(all), null);
    }

    private static List<String> approvers(List<AnsweredDecision> answers) {
        Set<String> people = new LinkedHashSet<>();
        answers.stream().filter(a -> a.toolChoice() != null && a.toolChoice() != ToolChoice.REJECT)
                .forEach(a -> people.add(a.decidedBy()));
        return new ArrayList<>(people);
    }
}
