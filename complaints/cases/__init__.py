"""Cases: complaints, recordable conduct matters and DSI matters, intake to closure."""
