/**
 * Following Maia tasks: {@link io.jenkins.plugins.maia.follow.TaskFollower} (many follows on one scheduler),
 * {@link io.jenkins.plugins.maia.follow.FollowHandle}, the resumable
 * {@link io.jenkins.plugins.maia.follow.FollowState}, outcomes, listeners, message text and
 * {@link io.jenkins.plugins.maia.follow.TaskLaunch}.
 */
package io.jenkins.plugins.maia.follow;
