/**
 * Files written all or nothing ({@link org.rnd4j.io.SafeFiles}): new exclusive temporary files,
 * full writes, sync and rename; and the one PNG encoder ({@link org.rnd4j.io.Png}) every image
 * written goes through. A leaf every package that writes may use. Stable API.
 */
package org.rnd4j.io;
