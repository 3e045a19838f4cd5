package org.lnteller.app.archfixture.codec;

import org.lnteller.app.archfixture.ports.Amount;

/** Breaks the codec's rule: the codec uses nothing of ours, not even the ports. */
public class Bech32 {
    public Amount amount;
}
