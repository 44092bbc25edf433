/**
 * The API's request and response bodies as immutable records. Reading is tolerant: unknown fields are
 * ignored, unknown enum values read as {@code UNKNOWN}, unreadable timestamps as {@code null}. Depends on
 * nothing but the JDK and Jackson annotations/databind.
 */
package io.jenkins.plugins.maia.client.model;
