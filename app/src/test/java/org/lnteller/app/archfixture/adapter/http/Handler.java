package org.lnteller.app.archfixture.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.lnteller.app.archfixture.adapter.serial.internal.Frame;
import org.lnteller.app.archfixture.codec.Bech32;
import org.lnteller.app.archfixture.core.tx.Rules;
import org.lnteller.app.archfixture.ports.Amount;

/** Breaks the adapters' rule with core and another adapter's internal package; ports, codec and Jackson are allowed. */
public class Handler {
    public Amount amount;
    public Bech32 codec;
    public ObjectMapper json;
    public Rules core;
    public Frame frame;
}
