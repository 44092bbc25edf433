package io.jenkins.plugins.maia.reliability;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of task a chaos run mixes, each with the outcome it is designed to reach: what the follower must
 * report and what the sandbox must hold at the end. Task {@code i} of a run is {@code values()[i % 7]}.
 */
public enum ChaosScenario {

    /** Messages, then the end. */
    HAPPY("happy-path", FollowOutcome.FINISHED, "STOPPED", false, DecisionPolicy.pauseForEverything()),
    /** The agent fails. */
    ERRORED("errored", FollowOutcome.ERRORED, "ERRORED", false, DecisionPolicy.pauseForEverything()),
    /** A tool approval, a question and a push, all settled by policy (decisions are sent under faults). */
    DECISIONS("approval-and-question", FollowOutcome.FINISHED, "STOPPED", false,
            new DecisionPolicy(Set.of("query_warehouse"), Set.of("git_push"), Set.of(), Map.of(0, "Incremental"),
                    Fallback.PAUSE)),
    /** The agent names the branch (generateBranch). */
    BRANCH("branch-generation", FollowOutcome.FINISHED, "STOPPED", true, DecisionPolicy.pauseForEverything()),
    /** Many messages over several pages. */
    LONG("long-running", FollowOutcome.FINISHED, "STOPPED", false, DecisionPolicy.pauseForEverything()),
    /** A tool the policy does not know: the follow pauses and leaves the task waiting. */
    PAUSED("chaos-paused", FollowOutcome.NEEDS_DECISION, "STOPPED+PENDING", false,
            DecisionPolicy.pauseForEverything().withApproveOnce("query_warehouse")),
    /** A tool the policy rejects: the agent goes on without it and finishes. */
    REJECTED("chaos-rejected", FollowOutcome.FINISHED, "STOPPED", false,
            DecisionPolicy.pauseForEverything().withReject("drop_table"));

    /** The tool that {@link #PAUSED} waits on and {@link #REJECTED} is refused. */
    public static final String RISKY_TOOL = "drop_table";

    private final String scenarioName;
    private final FollowOutcome outcome;
    private final String serverStatus;
    private final boolean generateBranch;
    private final DecisionPolicy policy;

    ChaosScenario(String scenarioName, FollowOutcome outcome, String serverStatus, boolean generateBranch,
            DecisionPolicy policy) {
        this.scenarioName = scenarioName;
        this.outcome = outcome;
        this.serverStatus = serverStatus;
        this.generateBranch = generateBranch;
        this.policy = policy;
    }

    /** The sandbox scenario, selected per task by a {@code [scenario:NAME]} directive. */
    public String scenarioName() {
        return scenarioName;
    }

    /** The outcome the follower must report. */
    public FollowOutcome outcome() {
        return outcome;
    }

    /** What {@code SandboxStats.taskStatus} must say at the end. */
    public String serverStatus() {
        return serverStatus;
    }

    public boolean generateBranch() {
        return generateBranch;
    }

    public DecisionPolicy policy() {
        return policy;
    }

    /** The kind of task number {@code index}. */
    public static ChaosScenario forTask(int index) {
        ChaosScenario[] all = values();
        return all[Math.floorMod(index, all.length)];
    }

    /** The two scenarios the sandbox does not ship. */
    public static List<Scenario> customScenarios() {
        return List.of(
                Scenario.parse("""
                        name: chaos-paused
                        steps:
                          - say: "Checking the warehouse first."
                          - tool:
                              name: query_warehouse
                              input: {query: "SELECT 1"}
                              result: "1 row"
                          - say: "Now I want to drop the staging table."
                          - tool:
                              name: drop_table
                              title: Drop a table
                              body: "The agent wants to drop staging.sales_raw"
                              input: {table: "staging.sales_raw"}
                          - finish: "Dropped it."
                        """, "chaos-paused", "maia-reliability"),
                Scenario.parse("""
                        name: chaos-rejected
                        steps:
                          - say: "I would like to drop the staging table."
                          - tool:
                              name: drop_table
                              input: {table: "staging.sales_raw"}
                          - say: "Continuing without dropping it."
                          - finish: "Done without the drop."
                        """, "chaos-rejected", "maia-reliability"));
    }

    /**
     * Why {@code result} (and the sandbox's final status) is not this scenario's designed outcome, or null when it
     * is.
     */
    public String mismatch(FollowResult result, String actualServerStatus, String branchGiven) {
        if (result.outcome() != outcome) {
            return "outcome " + result.outcome() + " instead of " + outcome + " (" + result.detail() + ")";
        }
        if (!serverStatus.equals(actualServerStatus)) {
            return "the sandbox says " + actualServerStatus + " instead of " + serverStatus;
        }
        if (this == PAUSED) {
            List<String> pending = result.pending().stream().map(PendingDecision::toolName).toList();
            if (!pending.equals(List.of(RISKY_TOOL))) {
                return "pending " + pending + " instead of [" + RISKY_TOOL + "]";
            }
        }
        String branch = result.targetBranchName();
        if (generateBranch ? branch == null || !branch.startsWith("maia/") : !branchGiven.equals(branch)) {
            return "target branch " + branch + " instead of " + (generateBranch ? "a generated maia/..." : branchGiven);
        }
        return null;
    }
}
