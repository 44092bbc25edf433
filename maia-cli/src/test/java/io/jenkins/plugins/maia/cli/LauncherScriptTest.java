package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 13: the build puts an executable launcher {@code maia} in target/, which runs the maia.jar next to
 * it (following links) with every argument intact. Run here against a stand-in {@code java} that prints what it was
 * given, since the jar itself is built after the tests.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherScriptTest {

    private static final Path LAUNCHER = Path.of("target", "maia");

    @Test
    void theBuildPutsAnExecutableLauncherNextToTheJar() {
        assertThat(LAUNCHER).isRegularFile();
        assertThat(Files.isExecutable(LAUNCHER)).isTrue();
    }

    @Test
    void itRunsTheJarBesideItWithTheArgumentsAsGivenAlsoThroughALink(@TempDir Path dir) throws Exception {
        Path install = Files.createDirectories(dir.resolve("maia install"));
        Path script = Files.copy(LAUNCHER, install.resolve("maia"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(install.resolve("maia.jar"), "not really a jar");
        Path javaHome = fakeJavaHome(dir);

        Result direct = run(javaHome, script.toString(), "run", "--message", "Load sales data; then stop", "--json");
        assertThat(direct.code()).as(direct.output()).isZero();
        assertThat(direct.output().lines()).containsExactly("-Xmx256m", "-jar", install.toRealPath().resolve("maia.jar").toString(),
                "run", "--message", "Load sales data; then stop", "--json");

        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("maia"), script);
        Result linked = run(javaHome, link.toString(), "--version");
        assertThat(linked.code()).as(linked.output()).isZero();
        assertThat(linked.output().lines()).containsExactly("-Xmx256m", "-jar",
                install.toRealPath().resolve("maia.jar").toString(), "--version");
    }

    @Test
    void withoutTheJarItSaysWhereItLookedAndFails(@TempDir Path dir) throws Exception {
        Path script = Files.copy(LAUNCHER, dir.resolve("maia"), StandardCopyOption.COPY_ATTRIBUTES);
        Result r = run(fakeJavaHome(dir), script.toString(), "--help");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("cannot find maia.jar next to this script in " + dir.toRealPath());
    }

    /** A JAVA_HOME whose bin/java prints its arguments, one per line. */
    private static Path fakeJavaHome(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk").resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("jdk");
    }

    private record Result(int code, String output) {}

    private static Result run(Path javaHome, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("MAIA_JAVA_OPTS", "-Xmx256m");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A bound, not a measurement: the stand-in returns at once.
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
