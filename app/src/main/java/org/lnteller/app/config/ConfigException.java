package org.lnteller.app.config;

/** A setting is missing or malformed; the message names the variable and what it must be. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    /** With the failure behind it, for the stack trace that {@code --debug} shows. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
