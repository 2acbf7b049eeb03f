# METADATA
# title: ZVH autorisatie — lijsten, triage, casussen en eigenaarsbeheer
# description: >-
#   The questions the enforcement points ask besides reading content: the triage queue and
#   recording a triage (intake), seeing and steering a casus (overleg), and the eigenaar's
#   controls over its own informatie-items (restrict, withdraw). The services keep no rules of
#   their own: they ask these and apply the answer.
# scope: package
package zvh.authz

# METADATA
# title: Triagelijst
# description: The ZVH procesregisseur sees the queue of meldingen to triage (metadata only).
toestaan contains {
	"regel": "procesregisseur-triagelijst",
	"reden": "procesregisseur van het ZVH ziet de meldingen die op triage wachten",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "list"
	input.resource.type == "melding-lijst"
	input.context.doel == "triage"
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

# METADATA
# title: Triage vastleggen
# description: The ZVH procesregisseur records the outcome of a triage.
toestaan contains {
	"regel": "procesregisseur-triage-vastleggen",
	"reden": "procesregisseur van het ZVH legt de triage vast",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "melding"
	input.context.doel == "triage"
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

# METADATA
# title: Eigenaarsbeheer
# description: >-
#   The eigenaar of an informatie-item restricts it to named organisations, lifts that, or
#   withdraws it. Nobody else does; an FG-only account never.
toestaan contains {
	"regel": "informatie-item-eigenaar-beheer",
	"reden": "de organisatie is eigenaar van dit item en beheert wie het ziet",
	"grondslag": grondslag_eigenaar,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "informatie-item"
	input.context.doel == "eigenaarsbeheer"
	eigen_item
}

# METADATA
# title: Casus zien als deelnemer
# description: A deelnemer of the casus sees that it exists (lists) and opens it.
toestaan contains {
	"regel": "casus-deelnemer",
	"reden": "deelnemer van de casus ziet de casus",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action in {"list", "read"}
	input.resource.type == "casus"
	is_string(input.resource.casus)
	deelnemer
	not alleen_fg
}

# METADATA
# title: Casus zien als regie
# description: The ZVH procesregisseur and notulist see every casus.
toestaan contains {
	"regel": "casus-regie-lezen",
	"reden": "procesregisseur of notulist van het ZVH ziet de casus",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action in {"list", "read"}
	input.resource.type == "casus"
	is_string(input.resource.casus)
	zvh_regie
}

# METADATA
# title: Regie over de casus
# description: Only the ZVH procesregisseur steers a casus (status, casusregisseur, deelnemers).
toestaan contains {
	"regel": "casus-regie-schrijven",
	"reden": "procesregisseur van het ZVH voert de regie over de casus",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "write"
	input.resource.type == "casus"
	is_string(input.resource.casus)
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

# METADATA
# title: Dashboard van de procesregisseur
# description: >-
#   The ZVH procesregisseur monitors the keten: counts and dates over every casus, actie,
#   termijn and response time (the regie sees every casus anyway), no content. Nobody else.
toestaan contains {
	"regel": "procesregisseur-dashboard",
	"reden": "procesregisseur van het ZVH bewaakt de voortgang van alle casussen",
	"grondslag": grondslag_convenant,
	"verplichtingen": [],
} if {
	input.action == "read"
	input.resource.type == "dashboard"
	input.context.doel == "monitoring"
	input.subject.org == zvh
	heeft_rol("procesregisseur")
}

# METADATA
# title: Label van een ingetrokken of beperkt item
# description: >-
#   A label names the betrokkene by initials: once the eigenaar withdrew that item, or restricted
#   it to others, the label is refused like the item itself.
weigeren contains "geweigerd: de eigenaar heeft dit item ingetrokken; alleen de eigenaar leest het nog" if {
	input.action == "read"
	input.resource.type == "melding-label"
	not eigen_item
	input.resource.ingetrokken == true
}

weigeren contains sprintf("geweigerd: de eigenaar heeft dit item beperkt tot %s", [concat(", ", sort(input.resource.beperkt_tot))]) if {
	input.action == "read"
	input.resource.type == "melding-label"
	not eigen_item
	is_array(input.resource.beperkt_tot)
	not input.subject.org in input.resource.beperkt_tot
}
