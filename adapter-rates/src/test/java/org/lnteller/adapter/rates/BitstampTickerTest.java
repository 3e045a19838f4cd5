package org.lnteller.adapter.rates;

import org.lnteller.adapter.rates.standin.TickerStandIn;

class BitstampTickerTest extends TickerTestBase {
    @Override
    TickerStandIn.Exchange exchange() {
        return TickerStandIn.Exchange.BITSTAMP;
    }

    @Override
    Ticker ticker() {
        return Ticker.BITSTAMP;
    }
}
