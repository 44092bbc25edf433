/**
 * The rate budget every follow of one account draws from: {@link io.jenkins.plugins.maia.follower.budget.AccountBudget}
 * (a token bucket with a fair, non-blocking queue) and the JVM-wide registry
 * {@link io.jenkins.plugins.maia.follower.budget.AccountBudgets}.
 */
package io.jenkins.plugins.maia.follower.budget;
