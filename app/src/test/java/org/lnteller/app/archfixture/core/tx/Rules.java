package org.lnteller.app.archfixture.core.tx;

import com.google.common.base.Verify;
import fr.acinq.secp256k1.Secp256k1;
import org.lnteller.app.archfixture.adapter.galoy.Backend;
import org.lnteller.app.archfixture.codec.Bech32;
import org.lnteller.app.archfixture.core.internal.tx.Draft;
import org.lnteller.app.archfixture.ports.Amount;
import org.slf4j.Logger;

/**
 * Breaks core's rule with SLF4J and an adapter; the ports, the codec, Guava, secp256k1 and core's own internal
 * packages are allowed.
 */
public class Rules {
    public Amount amount;
    public Bech32 codec;
    public Secp256k1 secp;
    public Logger logger;
    public Backend adapter;
    public Draft draft;

    public void check() {
        Verify.verify(amount != null);
    }
}
