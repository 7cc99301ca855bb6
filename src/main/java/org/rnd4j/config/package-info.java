/**
 * Run configuration: immutable records bound strictly from YAML ({@link org.rnd4j.config.ConfigLoader}),
 * defaults and checks in one place ({@link org.rnd4j.config.Defaults}). A leaf: it knows no other
 * rnd4j package (checks that need an operator or a backbone run where those are built). Stable API.
 */
package org.rnd4j.config;
