package org.lnteller.adapter.rates;

import org.lnteller.adapter.rates.standin.TickerStandIn;

class KrakenTickerTest extends TickerTestBase {
    @Override
    TickerStandIn.Exchange exchange() {
        return TickerStandIn.Exchange.KRAKEN;
    }

    @Override
    Ticker ticker() {
        return Ticker.KRAKEN;
    }
}
