/**
 * Run configuration: immutable records bound strictly from YAML ({@link org.rnd4j.config.ConfigLoader}),
 * defaults and checks ({@link org.rnd4j.config.Defaults}). The task section is bound to the
 * operator's own {@link org.rnd4j.config.TaskSettings} record, found through the
 * {@link org.rnd4j.config.TaskTypes} service interface. A leaf: it knows no other rnd4j package
 * (checks that need a backbone run where it is built). Stable API.
 */
package org.rnd4j.config;
