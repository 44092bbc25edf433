/**
 * Who answers a task's pending decisions: {@link io.jenkins.plugins.maia.follower.decision.DecisionPolicy} (rules),
 * {@link io.jenkins.plugins.maia.follower.decision.HumanDecider} (a person, asynchronously) and
 * {@link io.jenkins.plugins.maia.follower.decision.DecisionView} (what the person is shown, including questions parsed
 * from {@code ask_user_question}).
 */
package io.jenkins.plugins.maia.follower.decision;
