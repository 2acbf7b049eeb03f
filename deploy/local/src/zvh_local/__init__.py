"""The `zvh` CLI: the local runtime (broker, mail, services, demo data), a demo partner adapter
and a trace viewer. Nothing here is used by the services themselves."""
