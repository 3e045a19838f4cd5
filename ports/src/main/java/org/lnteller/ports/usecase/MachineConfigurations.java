package org.lnteller.ports.usecase;

import java.util.Optional;
import java.util.OptionalInt;
import org.lnteller.ports.model.AppId;

/**
 * Driving port of a Lamassu machine's configuration query ({@code POST /graphql}): what the
 * machine offers and at which prices, computed from the server's settings, the app the machine is
 * paired to, the exchange rate and the wallet's balance. Implemented by the core.
 *
 * <p>Both methods are reads as far as the caller can tell (the core may record a new config
 * version when the static values changed, which is idempotent). Threading: safe for concurrent use.
 */
public interface MachineConfigurations {

    /**
     * The machine's configuration. The static part is left out only when
     * {@code currentConfigVersion} is the server's current version; a machine holding any other
     * version (none, older, or higher after the server's database was replaced) gets it. A coin
     * whose rate or wallet balance cannot be had right now is left out of the dynamic part (the
     * machine then stops offering it until a later query), and logged.
     *
     * @param currentConfigVersion the version the machine holds, empty on its first query
     * @throws org.lnteller.ports.store.NotFound for an unknown app
     * @throws org.lnteller.ports.store.StoreException when the versions cannot be read or written
     */
    MachineConfig.Configs configs(AppId app, MachineIdentity machine, OptionalInt currentConfigVersion);

    /**
     * The operator's terms and conditions, or empty when there are none (the machine then shows no
     * terms screen). The text is left out when {@code currentHash} is its hash, the details when,
     * in addition, {@code currentConfigVersion} is the server's current version.
     *
     * @throws org.lnteller.ports.store.NotFound for an unknown app
     * @throws org.lnteller.ports.store.StoreException when the versions cannot be read or written
     */
    Optional<MachineConfig.Terms> terms(
            AppId app, MachineIdentity machine, Optional<String> currentHash, OptionalInt currentConfigVersion);
}
