package io.jenkins.plugins.maia.agenttasks.approval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One parameter of the Jenkins input that asks a human about a paused task: which pending decision it answers
 * and how its value maps back.
 *
 * @param name          the input parameter's name (e.g. {@code decision1}, {@code decision2_q1})
 * @param kind          a tool call (choice of approve/reject), a question with options (choice), or a free-text
 *                      question (string)
 * @param toolId        the pending decision's id
 * @param questionIndex for questions, the question's index (zero-based); -1 for tools
 * @param choices       the allowed values of a choice parameter, first = the default; empty for text
 * @param description   the parameter's description (agent text with tag characters neutralised)
 */
@Restricted(NoExternalUse.class)
public record InputField(String name, Kind kind, String toolId, int questionIndex, List<String> choices,
        String description) implements Serializable {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        TOOL,
        QUESTION_CHOICE,
        QUESTION_TEXT
    }

    public InputField {
        choices = new ArrayList<>(choices == null ? List.of() : choices);
        description = description == null ? "" : description;
    }
}
