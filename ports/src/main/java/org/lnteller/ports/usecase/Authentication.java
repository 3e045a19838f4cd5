package org.lnteller.ports.usecase;

import java.util.function.Function;
import org.lnteller.ports.model.App;

/** Who presented a bearer token. */
public sealed interface Authentication {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Authenticated, ? extends R> authenticated,
            Function<? super Unknown, ? extends R> unknown,
            Function<? super Forbidden, ? extends R> forbidden);

    record Authenticated(App app) implements Authentication {
        @Override
        public <R> R fold(
                Function<? super Authenticated, ? extends R> authenticated,
                Function<? super Unknown, ? extends R> unknown,
                Function<? super Forbidden, ? extends R> forbidden) {
            return authenticated.apply(this);
        }
    }

    /** No app has that token. */
    record Unknown() implements Authentication {
        @Override
        public <R> R fold(
                Function<? super Authenticated, ? extends R> authenticated,
                Function<? super Unknown, ? extends R> unknown,
                Function<? super Forbidden, ? extends R> forbidden) {
            return unknown.apply(this);
        }
    }

    /** The app exists but may not use the machine API; {@code reason} says why and what to do. */
    record Forbidden(String reason) implements Authentication {
        @Override
        public <R> R fold(
                Function<? super Authenticated, ? extends R> authenticated,
                Function<? super Unknown, ? extends R> unknown,
                Function<? super Forbidden, ? extends R> forbidden) {
            return forbidden.apply(this);
        }
    }
}
