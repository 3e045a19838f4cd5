package org.lnteller.adapter.rates;

import org.lnteller.adapter.rates.standin.TickerStandIn;

class CoinbaseTickerTest extends TickerTestBase {
    @Override
    TickerStandIn.Exchange exchange() {
        return TickerStandIn.Exchange.COINBASE;
    }

    @Override
    Ticker ticker() {
        return Ticker.COINBASE;
    }
}
