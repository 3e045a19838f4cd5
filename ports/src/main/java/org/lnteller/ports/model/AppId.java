package org.lnteller.ports.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** The id of a provisioned ATM ("app"): 1 to 64 letters, digits, '-' and '_'. */
public record AppId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AppId {
        Objects.requireNonNull(value, "app id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("app id must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static AppId of(String value) {
        return new AppId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
