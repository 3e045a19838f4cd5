package org.lnteller.app.archfixture.adapter.simulated;

import org.lnteller.app.archfixture.core.bolt11.Bolt11;
import org.lnteller.app.archfixture.core.tx.Rules;

/** May use core's BOLT #11 codec for now, but no other part of core. */
public class Wallet {
    public Bolt11 codec;
    public Rules core;
}
