package io.jenkins.plugins.maia.follower.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.event.JsonFields;
import io.jenkins.plugins.maia.follower.event.MessageText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a human is shown for one pending decision, and helpers to build the answer.
 *
 * <p>For questions ({@code ask_user_question}) the questions and options are parsed from {@code toolInput}: the
 * shape is undocumented, so several plausible ones are accepted ({@code {"questions":[...]}}, a single
 * {@code {"question","options"}}, options as strings or {@code {"label","description"}} objects, a JSON string
 * holding either). Anything else gives an empty {@link #questions()} list and the raw JSON in
 * {@link #toolInput()}: never an exception.
 *
 * <p>All text comes from the agent and is untrusted: control characters (terminal escapes) are replaced with
 * U+FFFD, and very long inputs are cut (see {@link #MAX_TOOL_INPUT_CHARS}).
 *
 * @param kind       TOOL, QUESTION or UNKNOWN (a {@code type} this version does not know)
 * @param toolId     the id to answer with; null if the API sent none (then the decision cannot be answered here)
 * @param toolName   e.g. {@code git_push}
 * @param title      the permission message title, or a generated one
 * @param body       the permission message body (may be empty)
 * @param toolInput  {@code toolInput} pretty-printed, empty when absent
 * @param questions  parsed questions; empty for tools and unknown shapes
 */
public record DecisionView(
        Kind kind,
        String toolId,
        String toolName,
        String title,
        String body,
        String toolInput,
        List<Question> questions) {

    /** Longest pretty-printed {@code toolInput} kept (an {@code edit_file} input can hold a whole file). */
    public static final int MAX_TOOL_INPUT_CHARS = 20_000;

    public enum Kind { TOOL, QUESTION, UNKNOWN }

    /**
     * One question. {@code index} is what the answer refers to ({@code questionIndex}); {@code options} are the
     * labels to answer with; {@code header} (a short tag) and {@code optionDescriptions} (same order as options,
     * empty strings where none) are extra help and may be empty.
     */
    public record Question(int index, String text, List<String> options, boolean multiSelect, String header,
            List<String> optionDescriptions) {

        public Question {
            text = text == null ? "" : text;
            options = List.copyOf(options);
            header = header == null ? "" : header;
            optionDescriptions = List.copyOf(optionDescriptions);
        }

        public Question(int index, String text, List<String> options, boolean multiSelect) {
            this(index, text, options, multiSelect, "", options.stream().map(o -> "").toList());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public DecisionView {
        Objects.requireNonNull(kind, "kind");
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        toolInput = toolInput == null ? "" : toolInput;
        questions = List.copyOf(questions);
    }

    /** The view of {@code pending}; never throws for odd shapes. */
    public static DecisionView of(PendingDecision pending) {
        Objects.requireNonNull(pending, "pending");
        Kind kind;
        if (pending.isQuestion()) {
            kind = Kind.QUESTION;
        } else if (pending.type() == null || PendingDecision.TYPE_TOOL.equalsIgnoreCase(pending.type())) {
            kind = Kind.TOOL;
        } else {
            kind = Kind.UNKNOWN;
        }
        List<Question> questions = kind == Kind.QUESTION ? parseQuestions(pending.toolInput()) : List.of();
        String title = pending.permissionMessage() == null ? null : pending.permissionMessage().title();
        String body = pending.permissionMessage() == null ? null : pending.permissionMessage().body();
        if (title == null || title.isBlank()) {
            String tool = pending.toolName() == null ? "an unnamed tool" : pending.toolName();
            title = kind == Kind.QUESTION ? "The agent asks a question" : "The agent wants to use " + tool;
        }
        return new DecisionView(kind, pending.toolId(), clean(pending.toolName()), clean(title), clean(body),
                prettyInput(pending.toolInput()), questions);
    }

    /** Parses the questions of an {@code ask_user_question} input; empty when the shape is not recognised. */
    public static List<Question> parseQuestions(JsonNode toolInput) {
        try {
            JsonNode input = unwrapString(toolInput);
            if (input == null || input.isNull() || input.isMissingNode()) {
                return List.of();
            }
            JsonNode list = input.isArray() ? input : input.get("questions");
            List<Question> result = new ArrayList<>();
            if (list != null && list.isArray()) {
                int index = 0;
                for (JsonNode q : list) {
                    Question parsed = parseOne(index, unwrapString(q));
                    if (parsed == null) {
                        return List.of();
                    }
                    result.add(parsed);
                    index++;
                }
                return result;
            }
            if (input.isObject() && (input.has("question") || input.has("text") || input.has("prompt"))) {
                Question parsed = parseOne(0, input);
                return parsed == null ? List.of() : List.of(parsed);
            }
            return List.of();
        } catch (RuntimeException e) {
            return List.of(); // an unknown shape is shown raw, never a crash
        }
    }

    /** Whether this decision can be answered here (the API sent an id). */
    public boolean answerable() {
        return toolId != null && !toolId.isBlank();
    }

    /** Approve this tool call once. */
    public Decision approveOnce() {
        return ToolDecision.approveOnce(requireId());
    }

    /** Approve this tool for the rest of the task. */
    public Decision approveForTask() {
        return ToolDecision.approveForTask(requireId());
    }

    /** Reject this tool call. */
    public Decision reject() {
        return ToolDecision.reject(requireId());
    }

    /** Answer one question with the given option labels. */
    public Decision answer(int questionIndex, List<String> selectedOptions) {
        return answers(Map.of(questionIndex, selectedOptions));
    }

    /** Answer several questions at once: question index to selected option labels. */
    public Decision answers(Map<Integer, List<String>> selected) {
        List<QuestionAnswer> answers = new ArrayList<>();
        selected.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> answers.add(new QuestionAnswer(e.getKey(), e.getValue())));
        return new QuestionDecision(requireId(), answers);
    }

    /**
     * The option label a human meant by {@code input}: a label (case-insensitive) or a 1-based option number.
     * Empty when it matches nothing; for a question without options, the input itself (free text).
     */
    public Optional<String> matchOption(int questionIndex, String input) {
        if (input == null || input.isBlank() || questionIndex < 0 || questionIndex >= questions.size()) {
            return Optional.empty();
        }
        String wanted = input.strip();
        List<String> options = questions.get(questionIndex).options();
        if (options.isEmpty()) {
            return Optional.of(wanted);
        }
        for (String option : options) {
            if (option.equalsIgnoreCase(wanted)) {
                return Optional.of(option);
            }
        }
        try {
            int number = Integer.parseInt(wanted);
            if (number >= 1 && number <= options.size()) {
                return Optional.of(options.get(number - 1));
            }
        } catch (NumberFormatException e) {
            // not a number: no match
        }
        return Optional.empty();
    }

    /**
     * Plain text for a console or an input page: for a tool, which tool ({@code Tool git_push: }) before its title;
     * then the body, questions ({@code question 0: ...}, numbered from 0 as the API's questionIndex) with their options
     * numbered from 1, or the input. A failure that says "add the tools to approveTools" must be able to name them.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (kind == Kind.TOOL) {
            sb.append("Tool ").append(toolName == null ? "(unnamed)" : toolName).append(": ");
        }
        sb.append(title);
        if (!body.isBlank()) {
            sb.append('\n').append(body);
        }
        if (!questions.isEmpty()) {
            for (Question q : questions) {
                // Zero-based like the API's questionIndex, the CLI's --answer N=OPTION and its prompt.
                sb.append("\nquestion ").append(q.index()).append(": ");
                if (!q.header().isBlank()) {
                    sb.append('[').append(q.header()).append("] ");
                }
                sb.append(q.text());
                if (q.multiSelect()) {
                    sb.append(" (several answers allowed)");
                }
                for (int i = 0; i < q.options().size(); i++) {
                    sb.append("\n   ").append(i + 1).append(") ").append(q.options().get(i));
                    String description = q.optionDescriptions().get(i);
                    if (!description.isBlank()) {
                        sb.append(" - ").append(description);
                    }
                }
            }
        } else if (!toolInput.isBlank()) {
            sb.append('\n').append(toolInput);
        }
        return sb.toString();
    }

    private String requireId() {
        if (!answerable()) {
            throw new IllegalStateException("This pending decision has no toolId, so it cannot be answered through "
                    + "the API; answer it in the Maia UI.");
        }
        return toolId;
    }

    private static Question parseOne(int index, JsonNode q) {
        if (q == null) {
            return null;
        }
        if (q.isTextual()) {
            return new Question(index, clean(q.asText()), List.of(), false);
        }
        if (!q.isObject()) {
            return null;
        }
        String text = JsonFields.firstText(q, "question", "text", "prompt");
        if (text == null) {
            return null;
        }
        List<String> options = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        JsonNode opts = JsonFields.firstNode(q, "options", "choices");
        if (opts != null && opts.isArray()) {
            for (JsonNode o : opts) {
                if (o.isValueNode()) {
                    options.add(clean(o.asText()));
                    descriptions.add("");
                } else if (o.isObject()) {
                    String label = JsonFields.firstText(o, "label", "value", "text", "name", "title");
                    if (label == null) {
                        label = o.toString();
                    }
                    String description = JsonFields.firstText(o, "description", "detail");
                    options.add(clean(label));
                    descriptions.add(description == null ? "" : clean(description));
                }
            }
        }
        boolean multi = firstBoolean(q, "multiSelect", "multi_select", "multiple", "allowMultiple");
        String header = JsonFields.firstText(q, "header", "title");
        return new Question(index, clean(text), options, multi, header == null ? "" : clean(header), descriptions);
    }

    private static JsonNode unwrapString(JsonNode node) {
        if (node != null && node.isTextual()) {
            String s = node.asText().strip();
            if (s.startsWith("{") || s.startsWith("[")) {
                try {
                    return JSON.readTree(s);
                } catch (JsonProcessingException e) {
                    return node;
                }
            }
        }
        return node;
    }

    private static boolean firstBoolean(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                return v.isBoolean() ? v.booleanValue() : "true".equalsIgnoreCase(v.asText());
            }
        }
        return false;
    }

    private static String prettyInput(JsonNode toolInput) {
        if (toolInput == null || toolInput.isNull() || toolInput.isMissingNode()) {
            return "";
        }
        String text;
        try {
            text = toolInput.isTextual() ? toolInput.asText() : JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(toolInput);
        } catch (JsonProcessingException e) {
            text = toolInput.toString();
        }
        if (text.length() > MAX_TOOL_INPUT_CHARS) {
            text = text.substring(0, MAX_TOOL_INPUT_CHARS) + "\n... (" + (text.length() - MAX_TOOL_INPUT_CHARS)
                    + " more characters not shown)";
        }
        return clean(text);
    }

    /** Replaces control characters other than newline and tab: agent text must not drive a terminal. */
    private static String clean(String s) {
        return s == null ? null : MessageText.sanitize(s);
    }

    @Override
    public String toString() {
        return "DecisionView[" + kind + ", " + toolName + ", " + toolId + ", " + questions.size() + " questions]";
    }
}
