/**
 * Typed records of Quant's AI Task Management API (requests and responses). Times are Unix milliseconds as the
 * API sends them; unknown fields are ignored and unknown statuses read as {@link
 * io.jenkins.plugins.maia.quant.model.QuantStatus#UNKNOWN}.
 */
package io.jenkins.plugins.maia.quant.model;
