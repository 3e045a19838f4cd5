package org.lnteller.ports.usecase;

import org.lnteller.ports.store.App;

/** Who presented a bearer token. */
public sealed interface Authentication {
    record Authenticated(App app) implements Authentication {}

    /** No app has that token. */
    record Unknown() implements Authentication {}

    /** The app exists but may not use the machine API; {@code reason} says why and what to do. */
    record Forbidden(String reason) implements Authentication {}
}
