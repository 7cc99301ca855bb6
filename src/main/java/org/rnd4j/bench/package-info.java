/** The {@code rnd4j bench} workload and its figures. Internal: may change without notice. */
package org.rnd4j.bench;
