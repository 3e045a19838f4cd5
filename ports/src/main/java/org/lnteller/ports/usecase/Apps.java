package org.lnteller.ports.usecase;

import java.util.List;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;

/**
 * Driving port for provisioned ATMs: the admin API adds them and sets cassettes, the machine API
 * authenticates them. Implemented by the core.
 */
public interface Apps {

    /**
     * Provisions a new app with a fresh random token.
     *
     * @throws IllegalArgumentException for a bad name, public key or cassette list (message says which)
     */
    ProvisionedApp add(NewApp request);

    /** All apps but deleted ones, oldest first. */
    List<App> list();

    /**
     * Replaces an app's cassettes (after a refill).
     *
     * @throws org.lnteller.ports.store.NotFound for an unknown or deleted app
     * @throws IllegalArgumentException for a bad cassette list
     */
    App replaceCassettes(AppId id, List<Cassette> cassettes);

    /**
     * Checks a bearer token in constant time with respect to its content. A disabled, deleted or
     * rotated-away token stops working at once on the instance that revoked it and within
     * a bounded moment on instances sharing its store (the implementation states the bound).
     */
    Authentication authenticate(String token);

    /**
     * Stops the app from using the machine API (403) until {@link #enable}d. Idempotent.
     *
     * @return the app as written
     * @throws org.lnteller.ports.store.NotFound for an unknown or deleted app
     */
    App disable(AppId id);

    /**
     * Lets a disabled app use the machine API again (an expired one stays expired). Idempotent.
     *
     * @throws org.lnteller.ports.store.NotFound for an unknown or deleted app
     */
    App enable(AppId id);

    /**
     * Gives the app a fresh random token; the old one stops working. The status is kept.
     *
     * @return the app and its new token, shown this once
     * @throws org.lnteller.ports.store.NotFound for an unknown or deleted app
     */
    ProvisionedApp rotateToken(AppId id);

    /**
     * Deletes the app for good: its token is refused (403, which makes a Lamassu machine unpair),
     * it can be neither enabled nor given a token again, and {@link #list()} no longer shows it.
     * Its transactions and their history are kept and still name it.
     *
     * @throws org.lnteller.ports.store.NotFound for an unknown or already deleted app
     */
    void delete(AppId id);
}
