/**
 * Run configuration: immutable records bound strictly from YAML ({@link org.rnd4j.config.ConfigLoader}),
 * defaults and checks in one place ({@link org.rnd4j.config.Defaults}). Stable API.
 */
package org.rnd4j.config;
