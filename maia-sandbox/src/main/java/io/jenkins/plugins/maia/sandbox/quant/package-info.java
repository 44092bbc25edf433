/**
 * The sandbox's Quant AI Task Management endpoints (on with {@code SandboxOptions.quant(true)}): task lists in memory
 * ({@link io.jenkins.plugins.maia.sandbox.quant.QuantBoard}) behind {@link
 * io.jenkins.plugins.maia.sandbox.quant.QuantEndpoints}, every request checked against the vendor's document. An
 * independent implementation: it does not use maia-quant's client.
 */
package io.jenkins.plugins.maia.sandbox.quant;
