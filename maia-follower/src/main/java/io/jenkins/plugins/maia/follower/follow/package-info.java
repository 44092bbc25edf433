/**
 * Following Maia tasks: {@link io.jenkins.plugins.maia.follower.follow.TaskFollower} (many follows on one scheduler),
 * {@link io.jenkins.plugins.maia.follower.follow.FollowHandle}, the resumable
 * {@link io.jenkins.plugins.maia.follower.follow.FollowState}, outcomes, listeners, message text and
 * {@link io.jenkins.plugins.maia.follower.follow.TaskLaunch}.
 */
package io.jenkins.plugins.maia.follower.follow;
