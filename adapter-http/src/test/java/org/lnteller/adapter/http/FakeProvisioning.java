package org.lnteller.adapter.http;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.Provisioning;
import org.lnteller.ports.usecase.ProvisioningRefusal;
import org.lnteller.ports.usecase.ProvisioningResult;
import org.lnteller.ports.usecase.PurchaseOffer;
import org.lnteller.ports.usecase.PurchaseRequest;
import org.lnteller.ports.usecase.PurchaseState;

/**
 * Sells apps without Lightning: every purchase gets {@link #HASH} and {@link #CLAIM_TOKEN}, a
 * pubkey "bad" is refused as the core would, renewals of {@link #APP} are offered. Status answers
 * are what a test puts in {@link #states}. Records what it was asked.
 */
final class FakeProvisioning implements Provisioning {
    static final PaymentHash HASH = PaymentHash.fromHex("ab".repeat(32));
    static final String CLAIM_TOKEN = "lnc_claim-token-0123456789";
    static final AppId APP = AppId.of("atm_bought");
    static final Instant EXPIRES = Instant.parse("2026-11-21T12:30:00Z");

    final List<PurchaseRequest> purchases = new CopyOnWriteArrayList<>();
    final List<AppId> renewals = new CopyOnWriteArrayList<>();
    final List<Optional<String>> presentedClaims = new CopyOnWriteArrayList<>();
    final List<Optional<PurchaseStatus>> listed = new CopyOnWriteArrayList<>();
    final Map<PaymentHash, PurchaseState> states = new HashMap<>();
    volatile Optional<ProvisioningRefusal> refuseAll = Optional.empty();
    volatile List<Purchase> listing = List.of();

    @Override
    public ProvisioningResult purchase(PurchaseRequest request) {
        purchases.add(request);
        if (refuseAll.isPresent()) return new ProvisioningResult.Refused(refuseAll.get());
        if (request.pubkey().equals(Optional.of("bad"))) {
            return new ProvisioningResult.Refused(
                    new ProvisioningRefusal.InvalidPubkey("pubkey must be 64 hex characters or an npub"));
        }
        return new ProvisioningResult.Offered(new PurchaseOffer(
                "lnbcrt100u1fake", HASH, Satoshi.of(10_000), EXPIRES, Optional.of(CLAIM_TOKEN), Optional.empty()));
    }

    @Override
    public ProvisioningResult renew(AppId app) {
        renewals.add(app);
        if (!app.equals(APP)) return new ProvisioningResult.Refused(new ProvisioningRefusal.UnknownApp(app));
        if (refuseAll.isPresent()) return new ProvisioningResult.Refused(refuseAll.get());
        return new ProvisioningResult.Offered(new PurchaseOffer(
                "lnbcrt100u1renew", HASH, Satoshi.of(10_000), EXPIRES, Optional.empty(), Optional.of(app)));
    }

    @Override
    public synchronized Optional<PurchaseState> status(PaymentHash paymentHash, Optional<String> claimToken) {
        presentedClaims.add(claimToken);
        return Optional.ofNullable(states.get(paymentHash));
    }

    @Override
    public List<Purchase> list(Optional<PurchaseStatus> status, int limit) {
        listed.add(status);
        return listing;
    }

    synchronized void reset() {
        purchases.clear();
        renewals.clear();
        presentedClaims.clear();
        listed.clear();
        states.clear();
        refuseAll = Optional.empty();
        listing = List.of();
    }

    synchronized void answer(PurchaseState state) {
        states.put(HASH, state);
    }
}
