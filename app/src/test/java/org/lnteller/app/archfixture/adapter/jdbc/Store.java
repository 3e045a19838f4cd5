package org.lnteller.app.archfixture.adapter.jdbc;

import org.lnteller.app.archfixture.adapter.http.Handler;
import org.lnteller.app.archfixture.app.Main;

/** Breaks the adapters' rule with another adapter and the app. */
public class Store {
    public Handler http;
    public Main app;
}
