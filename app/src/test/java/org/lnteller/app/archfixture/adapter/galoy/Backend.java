package org.lnteller.app.archfixture.adapter.galoy;

/** An adapter other adapters may not use. */
public class Backend {}
