package io.jenkins.plugins.maia.follower.transcript;

import java.nio.file.Path;

/** The three files of one task's transcript. */
public record Transcripts(Path jsonl, Path markdown, Path html) {}
