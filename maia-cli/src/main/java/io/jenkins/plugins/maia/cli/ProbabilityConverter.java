package io.jenkins.plugins.maia.cli;

import picocli.CommandLine;

/** A probability written as a fraction ({@code 0.2}) or a percentage ({@code 20%}). */
public final class ProbabilityConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String v = value.trim();
        try {
            double p = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100.0 : Double.parseDouble(v);
            if (p >= 0.0 && p <= 1.0) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a probability: write 0.2 or 20% (between 0 and 1)");
    }
}
