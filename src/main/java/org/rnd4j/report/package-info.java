/**
 * Reports of runs, comparisons and searches: XChart plots and one self-contained {@code report.html}.
 * {@link org.rnd4j.report.Report} is stable API.
 */
package org.rnd4j.report;
