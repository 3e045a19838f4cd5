package org.lnteller.ports.usecase;

import java.util.List;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.App;
import org.lnteller.ports.store.Cassette;

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

    /** All apps, oldest first. */
    List<App> list();

    /**
     * Replaces an app's cassettes (after a refill).
     *
     * @throws org.lnteller.ports.store.NotFound for an unknown app
     * @throws IllegalArgumentException for a bad cassette list
     */
    App replaceCassettes(AppId id, List<Cassette> cassettes);

    /** Checks a bearer token in constant time with respect to its content. */
    Authentication authenticate(String token);
}
