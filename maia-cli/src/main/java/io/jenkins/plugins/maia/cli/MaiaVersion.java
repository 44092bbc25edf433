package io.jenkins.plugins.maia.cli;

import picocli.CommandLine;

/** {@code maia --version}: the version from the jar manifest, or "development" when run from classes. */
final class MaiaVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MaiaVersion.class.getPackage().getImplementationVersion();
        return new String[] {"maia " + (v == null ? "(development build)" : v)};
    }
}
