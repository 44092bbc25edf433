/**
 * What the follower knows about one message event, shared by the follow, the transcripts and the consoles: its
 * readable text ({@link io.jenkins.plugins.maia.follower.event.MessageText}), its identity for de-duplication
 * ({@link io.jenkins.plugins.maia.follower.event.EventKey}) and the masking of secrets in kept text
 * ({@link io.jenkins.plugins.maia.follower.event.TextRedactor}). Depends on the client's model only, so
 * {@code transcript} does not depend on {@code follow}.
 */
package io.jenkins.plugins.maia.follower.event;
