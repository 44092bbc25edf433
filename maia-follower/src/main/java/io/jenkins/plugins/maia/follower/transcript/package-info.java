/**
 * Transcripts of a followed task: {@link io.jenkins.plugins.maia.follower.transcript.TranscriptWriter} streams every event
 * to {@code maia-transcript-<taskId>.jsonl} and renders {@code .md} and {@code .html} from it with flat memory;
 * {@link io.jenkins.plugins.maia.follower.transcript.TranscriptView} reads the last entries of a {@code .jsonl} for a
 * page that renders them itself; {@link io.jenkins.plugins.maia.follower.transcript.Redactor} keeps secrets out of
 * everything written.
 */
package io.jenkins.plugins.maia.follower.transcript;
