package io.jenkins.plugins.maia.sandbox.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One thing a scripted agent does. A task runs its scenario's steps in order, one step per pacing tick.
 * Texts may contain the placeholders {@code {n}} and {@code {count}} (index and total of a repeated
 * {@link Say}), {@code {branch}} (the task's target branch) and {@code {taskId}}.
 */
public sealed interface Step
        permits Step.Say, Step.Event, Step.Wait, Step.Tool, Step.Ask, Step.GenerateBranch, Step.Push, Step.Finish,
                Step.Fail {

    /** The key that names this kind of step in a scenario file. */
    String kind();

    /**
     * The agent writes {@code repeat} text messages, at most {@code perTick} of them per pacing tick.
     */
    record Say(String text, int repeat, int perTick) implements Step {
        public Say {
            Objects.requireNonNull(text, "text");
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
            }
            if (perTick < 1) {
                throw new IllegalArgumentException("perTick must be at least 1, got " + perTick);
            }
        }

        public Say(String text) {
            this(text, 1, 1);
        }

        @Override
        public String kind() {
            return "say";
        }
    }

    /**
     * An event whose {@code data} is exactly this JSON object: for shapes the built-in steps do not produce
     * (unknown event types, odd fields), so clients can be tested against them.
     */
    record Event(JsonNode data) implements Step {
        public Event {
            Objects.requireNonNull(data, "data");
            if (!data.isObject()) {
                throw new IllegalArgumentException("event data must be a JSON object");
            }
            data = data.deepCopy();
        }

        @Override
        public JsonNode data() {
            return data.deepCopy();
        }

        @Override
        public String kind() {
            return "event";
        }
    }

    /** The agent works silently for {@code ticks} pacing ticks (the task stays RUNNING). */
    record Wait(int ticks) implements Step {
        public Wait {
            if (ticks < 0) {
                throw new IllegalArgumentException("ticks must not be negative, got " + ticks);
            }
        }

        @Override
        public String kind() {
            return "wait";
        }
    }

    /**
     * The agent wants to call one or more tools. Tools that are granted (or approved earlier with scope
     * CONVERSATION) run at once; the others become pending decisions and the task pauses (STOPPED).
     */
    record Tool(List<ToolCall> calls) implements Step {
        public Tool {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a tool step needs at least one tool");
            }
        }

        @Override
        public String kind() {
            return calls.size() == 1 ? "tool" : "tools";
        }
    }

    /** One tool call: what the permission request shows, the tool input and the result the tool returns. */
    record ToolCall(String name, String title, String body, JsonNode input, String result) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            input = input == null ? null : input.deepCopy();
        }

        @Override
        public JsonNode input() {
            return input == null ? null : input.deepCopy();
        }
    }

    /** The agent asks the user (tool {@code ask_user_question}); the task pauses until it is answered. */
    record Ask(String title, String body, List<Question> questions) implements Step {
        public Ask {
            questions = List.copyOf(questions);
            if (questions.isEmpty()) {
                throw new IllegalArgumentException("an ask step needs at least one question");
            }
        }

        @Override
        public String kind() {
            return "ask";
        }
    }

    record Question(String question, String header, List<Option> options, boolean multiSelect) {
        public Question {
            Objects.requireNonNull(question, "question");
            options = List.copyOf(options);
        }
    }

    record Option(String label, String description) {
        public Option {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * When the task was created with {@code generateBranch: true} and no target branch, the agent sets
     * {@code agentConfig.targetBranchName} to a generated name ({@code maia/<slug>-<first 8 of the task id>}).
     */
    record GenerateBranch() implements Step {
        @Override
        public String kind() {
            return "generate_branch";
        }
    }

    /** A {@code git_push} tool request for the target branch (generated first if needed). */
    record Push(String title, String body, String result) implements Step {
        @Override
        public String kind() {
            return "push";
        }
    }

    /** The agent writes its last message (optional) and the task ends: STOPPED with nothing pending. */
    record Finish(String text) implements Step {
        @Override
        public String kind() {
            return "finish";
        }
    }

    /** The agent fails: an error event, then status ERRORED. */
    record Fail(String message) implements Step {
        public Fail {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String kind() {
            return "error";
        }
    }
}
