"""Reading files that other systems produce (e.g. ballot paper accounts from an e-poll-book)."""
