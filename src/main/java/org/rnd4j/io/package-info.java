/**
 * Files written all or nothing ({@link org.rnd4j.io.SafeFiles}): new exclusive temporary files,
 * full writes, sync and rename. A leaf every package that writes may use. Stable API.
 */
package org.rnd4j.io;
