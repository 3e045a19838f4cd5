package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.function.Function;
import org.lnteller.ports.model.AppId;

/**
 * Why a purchase or renewal of an app was refused. Nothing was created: no invoice, no purchase.
 * A machine's refused request is a {@link org.lnteller.ports.tx.Rejection}, not this.
 */
public sealed interface ProvisioningRefusal {
    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super InvalidName, ? extends R> invalidName,
            Function<? super InvalidPubkey, ? extends R> invalidPubkey,
            Function<? super TooManyPending, ? extends R> tooManyPending,
            Function<? super UnknownApp, ? extends R> unknownApp,
            Function<? super NotRenewable, ? extends R> notRenewable);

    /** A short machine-readable name, stable across versions. */
    String code();

    /** A sentence the buyer can act on. */
    String message();

    /** The name is blank, too long or has control characters. */
    record InvalidName(String message) implements ProvisioningRefusal {
        @Override
        public <R> R fold(
                Function<? super InvalidName, ? extends R> invalidName,
                Function<? super InvalidPubkey, ? extends R> invalidPubkey,
                Function<? super TooManyPending, ? extends R> tooManyPending,
                Function<? super UnknownApp, ? extends R> unknownApp,
                Function<? super NotRenewable, ? extends R> notRenewable) {
            return invalidName.apply(this);
        }

        public InvalidName {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String code() {
            return "invalidName";
        }
    }

    /** The public key is neither 64 hex characters of an x-only secp256k1 key nor a valid npub. */
    record InvalidPubkey(String message) implements ProvisioningRefusal {
        @Override
        public <R> R fold(
                Function<? super InvalidName, ? extends R> invalidName,
                Function<? super InvalidPubkey, ? extends R> invalidPubkey,
                Function<? super TooManyPending, ? extends R> tooManyPending,
                Function<? super UnknownApp, ? extends R> unknownApp,
                Function<? super NotRenewable, ? extends R> notRenewable) {
            return invalidPubkey.apply(this);
        }

        public InvalidPubkey {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String code() {
            return "invalidPubkey";
        }
    }

    /** As many unpaid purchases as the operator allows are outstanding; retry once some are paid or expired. */
    record TooManyPending(long limit) implements ProvisioningRefusal {
        @Override
        public <R> R fold(
                Function<? super InvalidName, ? extends R> invalidName,
                Function<? super InvalidPubkey, ? extends R> invalidPubkey,
                Function<? super TooManyPending, ? extends R> tooManyPending,
                Function<? super UnknownApp, ? extends R> unknownApp,
                Function<? super NotRenewable, ? extends R> notRenewable) {
            return tooManyPending.apply(this);
        }

        @Override
        public String code() {
            return "tooManyPending";
        }

        @Override
        public String message() {
            return "the server has " + limit + " unpaid purchases outstanding, its limit; retry in a few minutes";
        }
    }

    /** A renewal named an app this server does not have. */
    record UnknownApp(AppId app) implements ProvisioningRefusal {
        @Override
        public <R> R fold(
                Function<? super InvalidName, ? extends R> invalidName,
                Function<? super InvalidPubkey, ? extends R> invalidPubkey,
                Function<? super TooManyPending, ? extends R> tooManyPending,
                Function<? super UnknownApp, ? extends R> unknownApp,
                Function<? super NotRenewable, ? extends R> notRenewable) {
            return unknownApp.apply(this);
        }

        public UnknownApp {
            Objects.requireNonNull(app, "app");
        }

        @Override
        public String code() {
            return "notFound";
        }

        @Override
        public String message() {
            return "no app " + app;
        }
    }

    /** The app exists but a renewal would buy nothing: it never expires, or the operator disabled it. */
    record NotRenewable(String message) implements ProvisioningRefusal {
        @Override
        public <R> R fold(
                Function<? super InvalidName, ? extends R> invalidName,
                Function<? super InvalidPubkey, ? extends R> invalidPubkey,
                Function<? super TooManyPending, ? extends R> tooManyPending,
                Function<? super UnknownApp, ? extends R> unknownApp,
                Function<? super NotRenewable, ? extends R> notRenewable) {
            return notRenewable.apply(this);
        }

        public NotRenewable {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String code() {
            return "notRenewable";
        }
    }
}
