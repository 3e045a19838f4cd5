package org.lnteller.app.archfixture.core.bolt11;

/** Core's BOLT #11 codec, which the simulated wallet may still use until the codec module lands. */
public class Bolt11 {}
