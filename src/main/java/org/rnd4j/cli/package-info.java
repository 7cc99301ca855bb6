/** The {@code rnd4j} command line (picocli). Internal: use the commands, not these classes. */
package org.rnd4j.cli;
