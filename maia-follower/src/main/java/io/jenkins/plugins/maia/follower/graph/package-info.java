/**
 * Many agent tasks as one unit: a {@link io.jenkins.plugins.maia.follower.graph.TaskGraph} of tasks with ids and
 * dependencies, checked before any call ({@link io.jenkins.plugins.maia.follower.graph.GraphValidation}), scheduled by
 * the pure {@link io.jenkins.plugins.maia.follower.graph.GraphSchedule} and run by
 * {@link io.jenkins.plugins.maia.follower.graph.GraphRun} on one
 * {@link io.jenkins.plugins.maia.follower.follow.TaskFollower}, so every task draws on the account's one rate budget.
 * A run's {@link io.jenkins.plugins.maia.follower.graph.GraphState} lets a later run continue it without creating a
 * task twice.
 */
package io.jenkins.plugins.maia.follower.graph;
