package org.lnteller.ports.usecase;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Purchase;

/**
 * What {@link Provisioning#status} answers about one purchase. Only {@link Delivered} carries
 * secrets, and it is answered at most once per purchase.
 */
public sealed interface PurchaseState {
    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Pending, ? extends R> pending,
            Function<? super Paid, ? extends R> paid,
            Function<? super Delivered, ? extends R> delivered,
            Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
            Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
            Function<? super Expired, ? extends R> expired);

    /** The invoice is not paid (or its payment is not seen yet). */
    record Pending(Purchase.Kind kind) implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return pending.apply(this);
        }

        public Pending {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * Paid: a new app exists, or a renewal was applied. No secrets.
     *
     * @param appExpiresAt for a renewal, when the renewed app now expires (empty: never); empty for a new app
     */
    record Paid(Purchase.Kind kind, AppId appId, Optional<Instant> appExpiresAt) implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return paid.apply(this);
        }

        public Paid {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(appExpiresAt, "appExpiresAt");
        }
    }

    /** Paid, and this request presented the claim token first: the credentials, released now and never again. */
    record Delivered(PurchasedCredentials credentials) implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return delivered.apply(this);
        }

        public Delivered {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /** The claim token is right but the credentials were already released. */
    record AlreadyClaimed(AppId appId) implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return alreadyClaimed.apply(this);
        }

        public AlreadyClaimed {
            Objects.requireNonNull(appId, "appId");
        }
    }

    /** A claim token was presented and it is not this purchase's. Nothing changed. */
    record WrongClaimToken() implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return wrongClaimToken.apply(this);
        }
    }

    /** The invoice expired unpaid. Final. */
    record Expired(Purchase.Kind kind) implements PurchaseState {
        @Override
        public <R> R fold(
                Function<? super Pending, ? extends R> pending,
                Function<? super Paid, ? extends R> paid,
                Function<? super Delivered, ? extends R> delivered,
                Function<? super AlreadyClaimed, ? extends R> alreadyClaimed,
                Function<? super WrongClaimToken, ? extends R> wrongClaimToken,
                Function<? super Expired, ? extends R> expired) {
            return expired.apply(this);
        }

        public Expired {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
