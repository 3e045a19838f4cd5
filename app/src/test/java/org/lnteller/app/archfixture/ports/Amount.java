package org.lnteller.app.archfixture.ports;

import com.google.common.base.Preconditions;
import javax.crypto.Mac;
import javax.swing.JFrame;
import org.lnteller.app.archfixture.codec.Bech32;
import org.lnteller.app.archfixture.core.tx.Rules;

/** Breaks the ports' rule with Guava, a desktop and core; the codec and javax.crypto are allowed. */
public class Amount {
    public Bech32 codec;
    public Mac mac;
    public JFrame frame;
    public Preconditions guava;
    public Rules core;
}
