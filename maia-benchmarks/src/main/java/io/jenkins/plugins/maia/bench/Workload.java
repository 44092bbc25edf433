package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Scripted agent tasks for the sandbox, generated from a seed so that every poller (and every rerun) sees the same
 * tasks.
 *
 * <p>The model of an agent, per turn: the agent is quiet for a while (thinking, or a tool or pipeline running),
 * then does something visible. Quiet gaps: 45 % short (1-5 s), 35 % medium (5-20 s), 20 % long (20-60 s).
 * Activity: 50 % one message; 30 % a granted tool call (tool_use and tool_result), half the time followed by a
 * comment; 12 % a burst of 2-5 messages on consecutive steps; 8 % a tool that needs approval (the task pauses;
 * the follower's policy approves it). The task ends with a closing message and STOPPED. These proportions are a
 * judgement of how a data-engineering agent behaves, not vendor figures.
 */
final class Workload {

    /** Tools the tasks are created with (they run without asking). */
    static final List<String> GRANTED_TOOLS = List.of("read_pipeline", "validate_pipeline");
    /** The tool that needs an approval; the follower's policy approves it once. */
    static final String APPROVAL_TOOL = "run_pipeline";
    static final String PROJECT_ID = "0b1e5c4a-7d2f-4c59-9a1e-3f6d2b8c7e10";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How tasks are shaped.
     *
     * @param pacing              one scripted step of the sandbox (its {@code pacing} option)
     * @param minLength           shortest planned task (sum of steps; pauses for approval come on top)
     * @param maxLength           longest planned task
     * @param gapScale            multiplies every quiet gap (1 = the realistic model above; tests shrink it)
     * @param approvalProbability chance of an approval turn (0 = never pause)
     */
    record Model(Duration pacing, Duration minLength, Duration maxLength, double gapScale, double approvalProbability) {

        Model {
            if (maxLength.compareTo(minLength) < 0) {
                throw new IllegalArgumentException("maxLength must not be shorter than minLength");
            }
        }
    }

    /**
     * One generated task script.
     *
     * @param name          scenario name (file {@code name.json})
     * @param scenario      the scenario document the sandbox reads
     * @param plannedLength sum of its steps at the model's pacing
     * @param agentEvents   events the agent will emit (messages, tool calls and results, status changes)
     * @param approvals     approval pauses
     */
    record Script(String name, ObjectNode scenario, Duration plannedLength, int agentEvents, int approvals) {

        /** The create request that plays this script. */
        CreateTaskRequest request(String label) {
            return CreateTaskRequest.builder()
                    .message("[scenario:" + name + "] Benchmark task " + label + ": build and validate the sales"
                            + " pipeline")
                    .projectId(PROJECT_ID)
                    .sourceBranchName("main")
                    .environmentName("bench-environment")
                    .targetBranchName("bench/" + name)
                    .grantedTools(GRANTED_TOOLS)
                    .build();
        }
    }

    private Workload() {}

    /** What the follower answers: the approval tool once, anything else pauses (never happens here). */
    static DecisionPolicy policy() {
        return DecisionPolicy.pauseForEverything().withApproveOnce(APPROVAL_TOOL);
    }

    /** {@code count} scripts named {@code prefix-0..}, from {@code seed}. */
    static List<Script> generate(String prefix, int count, long seed, Model model) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Script> scripts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scripts.add(script(prefix + "-" + i, new Random(seeds.nextLong()), model));
        }
        return scripts;
    }

    /**
     * When each of {@code count} tasks starts, in milliseconds after the first could: uniformly at random within
     * {@code spread}, from {@code seed}, in ascending order (as builds would start).
     */
    static long[] startOffsetsMillis(int count, Duration spread, long seed) {
        Random offsets = new Random(seed);
        long[] startAt = new long[count];
        for (int i = 0; i < count; i++) {
            startAt[i] = (long) (offsets.nextDouble() * spread.toMillis());
        }
        java.util.Arrays.sort(startAt);
        return startAt;
    }

    /** Writes each script to {@code dir/<name>.json} (the sandbox's scenario directory). */
    static void write(Path dir, List<Script> scripts) {
        try {
            Files.createDirectories(dir);
            for (Script s : scripts) {
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValue(dir.resolve(s.name() + ".json").toFile(), s.scenario());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark scenarios to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Script script(String name, Random random, Model model) {
        long pacingMs = Math.max(1, model.pacing().toMillis());
        long lengthMs = model.minLength().toMillis()
                + (long) (random.nextDouble() * (model.maxLength().toMillis() - model.minLength().toMillis()));
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("name", name);
        scenario.put("description", "Generated benchmark task (" + lengthMs / 1000 + " s planned)");
        ArrayNode steps = scenario.putArray("steps");
        long ticks = 0;
        int events = 0;
        int approvals = 0;
        int turn = 0;
        say(steps, "I'll look at the sales pipelines and plan the work.");
        ticks++;
        events++;
        while ((ticks + 1) * pacingMs < lengthMs) {
            turn++;
            long gapMs = (long) (gapMs(random) * model.gapScale());
            long waitTicks = Math.max(0, gapMs / pacingMs - 1);
            long leftTicks = lengthMs / pacingMs - ticks - 1;
            if (waitTicks > leftTicks) {
                waitTicks = Math.max(0, leftTicks);
            }
            if (waitTicks > 0) {
                steps.addObject().put("wait", waitTicks);
                ticks += waitTicks;
            }
            double roll = random.nextDouble();
            if (roll < model.approvalProbability()) {
                ObjectNode tool = steps.addObject().putObject("tool");
                tool.put("name", APPROVAL_TOOL);
                tool.put("title", "Run the pipeline");
                tool.put("body", "The agent wants to run the pipeline sales_daily (turn " + turn + ")");
                tool.putObject("input").put("pipeline", "sales_daily").put("turn", turn);
                tool.put("result", "Pipeline sales_daily ran: 12,345 rows loaded.");
                ticks += 2; // the pause step, then the approved call
                events += 3; // status STOPPED, then tool_use and tool_result
                approvals++;
            } else if (roll < model.approvalProbability() + 0.30) {
                ObjectNode tool = steps.addObject().putObject("tool");
                String toolName = GRANTED_TOOLS.get(random.nextInt(GRANTED_TOOLS.size()));
                tool.put("name", toolName);
                tool.putObject("input").put("pipeline", "sales_daily").put("turn", turn);
                tool.put("result", toolName + " on sales_daily: 14 components, all valid.");
                ticks++;
                events += 2;
                if (random.nextBoolean()) {
                    say(steps, "The pipeline checks out; moving on to the next component (turn " + turn + ").");
                    ticks++;
                    events++;
                }
            } else if (roll < model.approvalProbability() + 0.42) {
                int burst = 2 + random.nextInt(4);
                ObjectNode say = steps.addObject().putObject("say");
                say.put("text", "Step {n} of {count}: transforming the date columns to UTC (turn " + turn + ").");
                say.put("repeat", burst);
                say.put("perTick", 1);
                ticks += burst;
                events += burst;
            } else {
                say(steps, "Progress update for turn " + turn + ": the staging table is ready.");
                ticks++;
                events++;
            }
        }
        steps.addObject().put("finish", "Done. The pipeline is on branch {branch}, ready for review.");
        ticks++;
        events += 2; // closing message and status STOPPED
        return new Script(name, scenario, Duration.ofMillis(ticks * pacingMs), events, approvals);
    }

    private static void say(ArrayNode steps, String text) {
        steps.addObject().put("say", text);
    }

    /** A quiet gap of the model, in milliseconds. */
    private static long gapMs(Random random) {
        double roll = random.nextDouble();
        double seconds;
        if (roll < 0.45) {
            seconds = 1 + 4 * random.nextDouble();
        } else if (roll < 0.80) {
            seconds = 5 + 15 * random.nextDouble();
        } else {
            seconds = 20 + 40 * random.nextDouble();
        }
        return (long) (seconds * 1000);
    }
}
