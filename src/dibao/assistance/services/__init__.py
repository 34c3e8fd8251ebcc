"""Every write of one-off assistance (the grant ledger: `grants`; 临时救助: `temporary`)."""
