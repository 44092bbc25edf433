/**
 * Following Maia tasks: {@link io.jenkins.plugins.maia.follower.follow.TaskFollower} (many follows on one scheduler),
 * {@link io.jenkins.plugins.maia.follower.follow.FollowHandle}, the resumable
 * {@link io.jenkins.plugins.maia.follower.follow.FollowState}, outcomes, listeners, and launch-time calls as
 * scheduled operations ({@link io.jenkins.plugins.maia.follower.follow.TaskFollower#calls}).
 */
package io.jenkins.plugins.maia.follower.follow;
