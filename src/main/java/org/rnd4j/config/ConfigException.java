package org.rnd4j.config;

/** A configuration problem; the message is one line naming the file, the field path and what is expected. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
