"""Each module measures one section of the dashboards for a ``Scope`` and reviews it for privacy."""
